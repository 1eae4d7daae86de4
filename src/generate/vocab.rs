//! The words the datasets use: offences, courts, prisons, probation areas, disposals,
//! requirements, ethnicities. Offence codes follow the Home Office "class + subclass" pattern but
//! are illustrative, as the data is synthetic.

/// How an offence may be tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Summary,
    EitherWay,
    IndictableOnly,
}

#[derive(Debug)]
pub struct Offence {
    pub code: &'static str,
    pub desc: &'static str,
    pub group: &'static str,
    pub mode: Mode,
    /// 1 (minor) to 5 (grave): drives custody and sentence length.
    pub severity: u8,
}

const fn off(
    code: &'static str,
    desc: &'static str,
    group: &'static str,
    mode: Mode,
    severity: u8,
) -> Offence {
    Offence {
        code,
        desc,
        group,
        mode,
        severity,
    }
}

use Mode::*;
const THEFT: &str = "Theft offences";
const VIOLENCE: &str = "Violence against the person";
const DRUGS: &str = "Drug offences";
const MOTORING: &str = "Summary motoring";
const ORDER: &str = "Public order offences";
const DAMAGE: &str = "Criminal damage and arson";
const SEXUAL: &str = "Sexual offences";
const FRAUD: &str = "Fraud offences";
const WEAPONS: &str = "Possession of weapons";
const NON_MOTORING: &str = "Summary non-motoring";
const ROBBERY: &str = "Robbery";
const SOCIETY: &str = "Miscellaneous crimes against society";

/// Offences with their relative frequency among magistrates' principal offences.
pub static OFFENCES: [(Offence, f64); 36] = [
    (
        off("04600", "Theft from a shop or stall", THEFT, EitherWay, 2),
        8.0,
    ),
    (
        off(
            "04901",
            "Other theft or unauthorised taking",
            THEFT,
            EitherWay,
            2,
        ),
        3.0,
    ),
    (
        off("02800", "Burglary in a dwelling", THEFT, EitherWay, 4),
        1.5,
    ),
    (
        off(
            "03000",
            "Burglary in a building other than a dwelling",
            THEFT,
            EitherWay,
            3,
        ),
        1.0,
    ),
    (
        off("04800", "Theft from a vehicle", THEFT, EitherWay, 2),
        1.0,
    ),
    (
        off("05400", "Handling stolen goods", THEFT, EitherWay, 3),
        0.8,
    ),
    (off("10500", "Common assault", VIOLENCE, Summary, 2), 5.0),
    (
        off(
            "00801",
            "Assault occasioning actual bodily harm",
            VIOLENCE,
            EitherWay,
            3,
        ),
        2.5,
    ),
    (
        off(
            "00501",
            "Unlawful wounding or inflicting grievous bodily harm",
            VIOLENCE,
            EitherWay,
            4,
        ),
        0.6,
    ),
    (
        off(
            "00500",
            "Wounding with intent to do grievous bodily harm",
            VIOLENCE,
            IndictableOnly,
            5,
        ),
        0.25,
    ),
    (
        off(
            "10400",
            "Assault on an emergency worker",
            VIOLENCE,
            Summary,
            2,
        ),
        1.0,
    ),
    (off("00100", "Murder", VIOLENCE, IndictableOnly, 5), 0.02),
    (
        off(
            "09201",
            "Possession of a controlled drug - Class B",
            DRUGS,
            EitherWay,
            1,
        ),
        3.0,
    ),
    (
        off(
            "09202",
            "Possession of a controlled drug - Class A",
            DRUGS,
            EitherWay,
            2,
        ),
        1.2,
    ),
    (
        off(
            "09203",
            "Possession with intent to supply a controlled drug - Class A",
            DRUGS,
            EitherWay,
            4,
        ),
        0.5,
    ),
    (
        off(
            "09204",
            "Supplying a controlled drug - Class A",
            DRUGS,
            EitherWay,
            4,
        ),
        0.3,
    ),
    (
        off("80500", "Driving while disqualified", MOTORING, Summary, 2),
        1.5,
    ),
    (
        off("80401", "Driving with excess alcohol", MOTORING, Summary, 2),
        4.0,
    ),
    (
        off(
            "80700",
            "Using a motor vehicle uninsured against third party risks",
            MOTORING,
            Summary,
            1,
        ),
        4.0,
    ),
    (
        off("81300", "Exceeding the speed limit", MOTORING, Summary, 1),
        1.5,
    ),
    (
        off(
            "80902",
            "Failing to stop after an accident",
            MOTORING,
            Summary,
            1,
        ),
        0.5,
    ),
    (
        off(
            "06600",
            "Threatening or abusive words or behaviour",
            ORDER,
            Summary,
            1,
        ),
        2.0,
    ),
    (off("06601", "Affray", ORDER, EitherWay, 3), 0.5),
    (off("06500", "Violent disorder", ORDER, EitherWay, 4), 0.1),
    (
        off(
            "14900",
            "Criminal damage to property valued up to 5000 pounds",
            DAMAGE,
            EitherWay,
            1,
        ),
        2.5,
    ),
    (
        off("05600", "Arson not endangering life", DAMAGE, EitherWay, 3),
        0.2,
    ),
    (
        off("01901", "Sexual assault on a female", SEXUAL, EitherWay, 4),
        0.25,
    ),
    (
        off(
            "01904",
            "Rape of a female aged 16 or over",
            SEXUAL,
            IndictableOnly,
            5,
        ),
        0.1,
    ),
    (
        off(
            "08800",
            "Possession of indecent photographs of a child",
            SEXUAL,
            EitherWay,
            3,
        ),
        0.2,
    ),
    (
        off(
            "05300",
            "Fraud by false representation",
            FRAUD,
            EitherWay,
            3,
        ),
        0.8,
    ),
    (
        off(
            "08103",
            "Possession of an article with a blade or point in a public place",
            WEAPONS,
            EitherWay,
            3,
        ),
        1.2,
    ),
    (
        off(
            "08104",
            "Possession of an offensive weapon in a public place",
            WEAPONS,
            EitherWay,
            3,
        ),
        0.5,
    ),
    (
        off(
            "03400",
            "Robbery of personal property",
            ROBBERY,
            IndictableOnly,
            5,
        ),
        0.4,
    ),
    (
        off("14000", "Drunk and disorderly", NON_MOTORING, Summary, 1),
        1.0,
    ),
    (
        off(
            "13300",
            "Failing to surrender to bail",
            NON_MOTORING,
            Summary,
            1,
        ),
        1.0,
    ),
    (
        off(
            "08300",
            "Perverting the course of justice",
            SOCIETY,
            IndictableOnly,
            4,
        ),
        0.05,
    ),
];

/// A part of England and Wales, with the places its people pass through.
pub struct Region {
    pub mags_courts: &'static [&'static str],
    pub crown_courts: &'static [&'static str],
    pub prisons: &'static [&'static str],
    /// Probation trust (to mid-2014).
    pub trust: &'static str,
    /// National Probation Service division (mid-2014 on).
    pub nps: &'static str,
    /// Community Rehabilitation Company contract package areas (mid-2014 on).
    pub cpas: &'static [&'static str],
    pub weight: f64,
}

pub static REGIONS: [Region; 7] = [
    Region {
        mags_courts: &[
            "Westminster Magistrates' Court",
            "Highbury Corner Magistrates' Court",
            "Stratford Magistrates' Court",
            "Bromley Magistrates' Court",
            "Willesden Magistrates' Court",
        ],
        crown_courts: &[
            "Southwark Crown Court",
            "Snaresbrook Crown Court",
            "Wood Green Crown Court",
            "Isleworth Crown Court",
        ],
        prisons: &[
            "Belmarsh (HMP)",
            "Wandsworth (HMP)",
            "Pentonville (HMP)",
            "Thameside (HMP)",
        ],
        trust: "London Probation Trust",
        nps: "NPS London",
        cpas: &["CPA London"],
        weight: 16.0,
    },
    Region {
        mags_courts: &[
            "Medway Magistrates' Court",
            "Chelmsford Magistrates' Court",
            "Norwich Magistrates' Court",
            "Luton Magistrates' Court",
        ],
        crown_courts: &[
            "Maidstone Crown Court",
            "Chelmsford Crown Court",
            "Norwich Crown Court",
            "Luton Crown Court",
        ],
        prisons: &[
            "Elmley (HMP)",
            "Chelmsford (HMP)",
            "Norwich (HMP & YOI)",
            "Bedford (HMP)",
        ],
        trust: "Kent Probation Trust",
        nps: "NPS South East and Eastern",
        cpas: &[
            "CPA Kent, Surrey and Sussex",
            "CPA Essex",
            "CPA Norfolk and Suffolk",
        ],
        weight: 18.0,
    },
    Region {
        mags_courts: &[
            "Bristol Magistrates' Court",
            "Exeter Magistrates' Court",
            "Southampton Magistrates' Court",
            "Oxford Magistrates' Court",
        ],
        crown_courts: &[
            "Bristol Crown Court",
            "Exeter Crown Court",
            "Winchester Crown Court",
            "Oxford Crown Court",
        ],
        prisons: &[
            "Bristol (HMP)",
            "Exeter (HMP)",
            "Winchester (HMP)",
            "Bullingdon (HMP)",
        ],
        trust: "Avon and Somerset Probation Trust",
        nps: "NPS South West and South Central",
        cpas: &[
            "CPA Bristol, Gloucestershire, Somerset and Wiltshire",
            "CPA Dorset, Devon and Cornwall",
            "CPA Thames Valley",
        ],
        weight: 14.0,
    },
    Region {
        mags_courts: &[
            "Birmingham Magistrates' Court",
            "Nottingham Magistrates' Court",
            "Leicester Magistrates' Court",
            "Wolverhampton Magistrates' Court",
        ],
        crown_courts: &[
            "Birmingham Crown Court",
            "Nottingham Crown Court",
            "Leicester Crown Court",
            "Wolverhampton Crown Court",
        ],
        prisons: &[
            "Birmingham (HMP)",
            "Nottingham (HMP)",
            "Leicester (HMP)",
            "Hewell (HMP)",
        ],
        trust: "Staffordshire and West Midlands Probation Trust",
        nps: "NPS Midlands",
        cpas: &[
            "CPA Staffordshire and West Midlands",
            "CPA Derbyshire, Leicestershire, Nottinghamshire and Rutland",
        ],
        weight: 17.0,
    },
    Region {
        mags_courts: &[
            "Manchester and Salford Magistrates' Court",
            "Liverpool and Knowsley Magistrates' Court",
            "Preston Magistrates' Court",
        ],
        crown_courts: &[
            "Manchester Crown Court (Minshull Street)",
            "Liverpool Crown Court",
            "Preston Crown Court",
        ],
        prisons: &[
            "Manchester (HMP)",
            "Liverpool (HMP)",
            "Preston (HMP)",
            "Altcourse (HMP & YOI)",
        ],
        trust: "Greater Manchester Probation Trust",
        nps: "NPS North West",
        cpas: &[
            "CPA Cheshire and Greater Manchester",
            "CPA Merseyside",
            "CPA Cumbria and Lancashire",
        ],
        weight: 14.0,
    },
    Region {
        mags_courts: &[
            "Leeds Magistrates' Court",
            "Sheffield Magistrates' Court",
            "Newcastle Magistrates' Court",
            "Teesside Magistrates' Court",
        ],
        crown_courts: &[
            "Leeds Crown Court",
            "Sheffield Crown Court",
            "Newcastle Crown Court",
            "Teesside Crown Court",
        ],
        prisons: &[
            "Leeds (HMP)",
            "Doncaster (HMP & YOI)",
            "Durham (HMP)",
            "Wakefield (HMP)",
        ],
        trust: "West Yorkshire Probation Trust",
        nps: "NPS North East",
        cpas: &[
            "CPA West Yorkshire",
            "CPA South Yorkshire",
            "CPA Durham Tees Valley",
            "CPA Northumbria",
        ],
        weight: 16.0,
    },
    Region {
        mags_courts: &[
            "Cardiff Magistrates' Court",
            "Swansea Magistrates' Court",
            "Newport (South Wales) Magistrates' Court",
            "Mold Magistrates' Court",
        ],
        crown_courts: &[
            "Cardiff Crown Court",
            "Swansea Crown Court",
            "Newport (South Wales) Crown Court",
            "Mold Crown Court",
        ],
        prisons: &[
            "Cardiff (HMP)",
            "Swansea (HMP)",
            "Parc (HMP & YOI)",
            "Berwyn (HMP)",
        ],
        trust: "Wales Probation Trust",
        nps: "NPS Wales",
        cpas: &["CPA Wales"],
        weight: 0.0,
    },
];

pub const WALES: usize = 6;
pub static WOMENS_PRISONS: [&str; 5] = [
    "Bronzefield (HMP)",
    "Styal (HMP & YOI)",
    "New Hall (HMP)",
    "Eastwood Park (HMP)",
    "Low Newton (HMP)",
];
pub static YOUNG_OFFENDER_INSTITUTIONS: [&str; 3] = [
    "Feltham (HMP & YOI)",
    "Wetherby (YOI)",
    "Cookham Wood (YOI)",
];

/// Ethnicity: (court group, probation description, prison description, weight).
pub static ETHNICITIES: [(&str, &str, &str, f64); 10] = [
    (
        "White",
        "White: British",
        "White: Eng./Welsh/Scot./N.Irish/British",
        70.0,
    ),
    (
        "White",
        "White: Other White",
        "White: Any other white background",
        6.0,
    ),
    ("White", "White: Irish", "White: Irish", 1.0),
    (
        "Black",
        "Black or Black British: Caribbean",
        "Black/Black British: Caribbean",
        4.0,
    ),
    (
        "Black",
        "Black or Black British: African",
        "Black/Black British: African",
        3.5,
    ),
    (
        "Asian",
        "Asian or Asian British: Pakistani",
        "Asian/Asian British: Pakistani",
        3.5,
    ),
    (
        "Asian",
        "Asian or Asian British: Indian",
        "Asian/Asian British: Indian",
        1.5,
    ),
    (
        "Asian",
        "Asian or Asian British: Bangladeshi",
        "Asian/Asian British: Bangladeshi",
        1.0,
    ),
    (
        "Mixed",
        "Mixed: White and Black Caribbean",
        "Mixed: White and Black Caribbean",
        3.0,
    ),
    (
        "Other",
        "Other: Any other ethnic group",
        "Other: Any other ethnic group",
        1.5,
    ),
];

pub static PROBATION_ETHNICITY_PLACEHOLDERS: [&str; 4] = [
    "Refusal",
    "",
    "Z_Dummy Ethnicity 04",
    "Z_Dummy Ethnicity 05",
];

pub static NATIONALITIES: [(&str, f64); 6] = [
    ("British", 86.0),
    ("Polish", 2.0),
    ("Romanian", 2.0),
    ("Irish", 1.0),
    ("Albanian", 1.0),
    ("Not known", 8.0),
];

/// A community requirement type: code, name, sub-category, unit of `length`, length range.
pub struct RequirementType {
    pub code: &'static str,
    pub desc: &'static str,
    pub sub: &'static str,
    pub units: &'static str,
    pub length: (i64, i64),
    /// Typical running time in days (for the termination date).
    pub runs_days: (i64, i64),
}

const fn rq(
    code: &'static str,
    desc: &'static str,
    sub: &'static str,
    units: &'static str,
    length: (i64, i64),
    runs_days: (i64, i64),
) -> RequirementType {
    RequirementType {
        code,
        desc,
        sub,
        units,
        length,
        runs_days,
    }
}

pub static REQUIREMENTS: [(RequirementType, f64); 8] = [
    (
        rq("W", "Unpaid Work", "Regular", "Hours", (40, 300), (90, 365)),
        40.0,
    ),
    (
        rq(
            "F",
            "Rehabilitation Activity Requirement (RAR)",
            "RAR",
            "Days",
            (5, 60),
            (90, 540),
        ),
        35.0,
    ),
    (
        rq(
            "N",
            "Alcohol Treatment",
            "Non Residential",
            "Months",
            (6, 12),
            (180, 365),
        ),
        5.0,
    ),
    (
        rq(
            "AM",
            "Alcohol Abstinence & Electronic Monitoring (AAMR)",
            "Alcohol Abstinence",
            "Days",
            (30, 120),
            (30, 120),
        ),
        3.0,
    ),
    (
        rq(
            "D",
            "Drug Rehabilitation",
            "Non Residential",
            "Months",
            (6, 12),
            (180, 365),
        ),
        6.0,
    ),
    (
        rq(
            "J",
            "Curfew",
            "Electronically Monitored",
            "Months",
            (1, 6),
            (30, 180),
        ),
        12.0,
    ),
    (
        rq(
            "P",
            "Court - Accredited Programme - Building Better Relationships",
            "BBR",
            "Sessions",
            (24, 24),
            (180, 365),
        ),
        3.0,
    ),
    (
        rq(
            "M",
            "Mental Health Treatment",
            "Non Residential",
            "Months",
            (6, 12),
            (180, 365),
        ),
        2.0,
    ),
];

pub static LICENCE_CONDITIONS: [(&str, &str); 8] = [
    (
        "Residence at a Specified Place",
        "Reside at approved premises",
    ),
    (
        "Restriction of Residency",
        "Not to reside where children live",
    ),
    (
        "Participation in or Co-op with a Programme or Set of Activities",
        "Attend all appointments",
    ),
    (
        "Possession, Ownership, Control or Inspection of Specified Items or Documents",
        "Mobile phone restriction",
    ),
    ("Freedom of Movement", "Exclusion zone"),
    (
        "Supervision in the Community by the Supervising Officer",
        "Report as directed",
    ),
    ("Curfew Arrangement", "Electronically monitored curfew"),
    ("Drug Testing", "Provide a sample for drug testing"),
];

pub static PSS_REQUIREMENTS: [&str; 4] = [
    "Supervision Appointments",
    "Drug Appointment",
    "Drug Testing",
    "Residence",
];

/// Termination reasons, weighted, for requirements and conditions that ended.
pub static TERMINATION_REASONS: [(&str, f64); 5] = [
    ("Requirement Completed", 58.0),
    ("Expired (Normal)", 20.0),
    ("Revoked", 10.0),
    ("Breached", 8.0),
    ("Transferred", 4.0),
];

pub static LICENCE_TERMINATION_REASONS: [(&str, f64); 4] = [
    ("Expired (Normal)", 75.0),
    ("Licence Revoked - Recall", 18.0),
    ("Varied", 5.0),
    ("Transferred", 2.0),
];

pub static RELEASE_TYPES: [(&str, f64); 4] = [
    ("Automatic conditional release", 70.0),
    ("Home detention curfew", 18.0),
    ("Parole", 4.0),
    ("End of custody supervised licence", 8.0),
];
