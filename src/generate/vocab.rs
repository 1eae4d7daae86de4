//! The words the datasets use: offences, courts, prisons, probation areas, disposals,
//! requirements, ethnicities, with the dates when each offence, place and release type existed.
//!
//! Offence codes follow the Home Office "class + subclass" pattern (three digits, then two) and
//! the descriptions and groups follow the offence groups the Ministry of Justice publishes, but the
//! codes are illustrative, as the data is synthetic. Courts and prisons are real places of England
//! and Wales; a place that opened or closed within the data's years has its dates in
//! [`PLACE_PERIODS`], and [`place_open`] says whether it was in use on a day.

use chrono::NaiveDate;

use super::rng::Rng;

/// How an offence may be tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Summary,
    EitherWay,
    IndictableOnly,
}

/// A day as (year, month, day), so that tables can be `static`.
pub type Ymd = (i32, u32, u32);

fn day((y, m, d): Ymd) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date in a vocabulary table")
}

#[derive(Debug)]
pub struct Offence {
    pub code: &'static str,
    pub desc: &'static str,
    pub group: &'static str,
    pub mode: Mode,
    /// 1 (minor) to 5 (grave): drives custody and sentence length.
    pub severity: u8,
    /// The day the offence came into force, when that was after 2000; `None` for offences that
    /// are older.
    pub from: Option<Ymd>,
    /// The first day the offence could no longer be committed, for the few that ended.
    pub until: Option<Ymd>,
}

impl Offence {
    /// Whether the offence could be committed on `on`.
    pub fn in_force(&self, on: NaiveDate) -> bool {
        self.from.is_none_or(|f| day(f) <= on) && self.until.is_none_or(|u| on < day(u))
    }

    /// The same offence, in force from a day after 2000.
    const fn since(self, y: i32, m: u32, d: u32) -> Offence {
        Offence {
            from: Some((y, m, d)),
            ..self
        }
    }

    /// The same offence, no longer committable from a day.
    const fn ended(self, y: i32, m: u32, d: u32) -> Offence {
        Offence {
            until: Some((y, m, d)),
            ..self
        }
    }
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
        from: None,
        until: None,
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

/// Offences with their relative frequency among magistrates' principal offences: summary motoring,
/// shop theft, common assault and possession of cannabis are common; homicide and rape are rare.
/// `from` dates are the commencement of the provision that created the offence (the Sexual
/// Offences Act 2003 on 1 May 2004, the Fraud Act 2006 on 15 January 2007, and so on).
#[rustfmt::skip]
pub static OFFENCES: [(Offence, f64); 234] = [
    // Violence against the person
    (off("00100", "Murder", VIOLENCE, IndictableOnly, 5), 0.02),
    (off("00200", "Attempted murder", VIOLENCE, IndictableOnly, 5), 0.02),
    (off("00301", "Threats to kill", VIOLENCE, EitherWay, 4), 0.15),
    (off("00302", "Conspiracy to murder", VIOLENCE, IndictableOnly, 5), 0.005),
    (off("00401", "Manslaughter", VIOLENCE, IndictableOnly, 5), 0.01),
    (off("00404", "Causing death by dangerous driving", VIOLENCE, IndictableOnly, 5), 0.01),
    (off("00406", "Causing death by careless driving when under the influence of drink or drugs", VIOLENCE, IndictableOnly, 5), 0.004),
    (off("00407", "Causing death by careless or inconsiderate driving", VIOLENCE, EitherWay, 3).since(2008, 8, 18), 0.01),
    (off("00408", "Causing death by driving: unlicensed, disqualified or uninsured drivers", VIOLENCE, EitherWay, 3).since(2008, 8, 18), 0.004),
    (off("00409", "Causing serious injury by dangerous driving", VIOLENCE, EitherWay, 4).since(2012, 12, 3), 0.02),
    (off("00410", "Causing serious injury by driving while disqualified", VIOLENCE, EitherWay, 4).since(2015, 4, 13), 0.005),
    (off("00411", "Causing serious injury by careless or inconsiderate driving", VIOLENCE, EitherWay, 3).since(2022, 6, 28), 0.003),
    (off("00412", "Causing or allowing the death of a child or vulnerable adult", VIOLENCE, IndictableOnly, 5).since(2005, 3, 21), 0.002),
    (off("00500", "Wounding with intent to do grievous bodily harm", VIOLENCE, IndictableOnly, 5), 0.25),
    (off("00501", "Unlawful wounding or inflicting grievous bodily harm", VIOLENCE, EitherWay, 4), 0.6),
    (off("00502", "Intentional strangulation or suffocation", VIOLENCE, EitherWay, 4).since(2022, 6, 7), 0.05),
    (off("00503", "Administering a poison with intent to injure or annoy", VIOLENCE, EitherWay, 3), 0.005),
    (off("00801", "Assault occasioning actual bodily harm", VIOLENCE, EitherWay, 3), 2.5),
    (off("00802", "Racially or religiously aggravated assault occasioning actual bodily harm", VIOLENCE, EitherWay, 3), 0.05),
    (off("00803", "Harassment putting people in fear of violence", VIOLENCE, EitherWay, 3), 0.25),
    (off("00804", "Racially or religiously aggravated harassment", VIOLENCE, EitherWay, 3), 0.02),
    (off("00805", "Harassment", VIOLENCE, Summary, 2), 0.6),
    (off("00806", "Stalking", VIOLENCE, Summary, 2).since(2012, 11, 25), 0.1),
    (off("00807", "Stalking involving fear of violence or serious alarm or distress", VIOLENCE, EitherWay, 3).since(2012, 11, 25), 0.05),
    (off("00808", "Controlling or coercive behaviour in an intimate or family relationship", VIOLENCE, EitherWay, 3).since(2015, 12, 29), 0.1),
    (off("00809", "Sending a letter or communication with intent to cause distress or anxiety", VIOLENCE, EitherWay, 2), 0.3),
    (off("00810", "Disclosing private sexual photographs or films with intent to cause distress", VIOLENCE, EitherWay, 3).since(2015, 4, 13), 0.03),
    (off("00811", "Threatening to disclose private sexual photographs or films with intent to cause distress", VIOLENCE, EitherWay, 3).since(2021, 6, 29), 0.01),
    (off("00812", "Breach of a restraining order", VIOLENCE, EitherWay, 2), 0.8),
    (off("00813", "Breach of a non-molestation order", VIOLENCE, EitherWay, 2).since(2007, 7, 1), 0.2),
    (off("01100", "Cruelty to or neglect of a child", VIOLENCE, EitherWay, 3), 0.05),
    (off("01300", "Female genital mutilation", VIOLENCE, EitherWay, 4).since(2004, 3, 3), 0.001),
    (off("03600", "Kidnapping", VIOLENCE, IndictableOnly, 5), 0.01),
    (off("03601", "False imprisonment", VIOLENCE, IndictableOnly, 4), 0.03),
    (off("03602", "Holding a person in slavery or servitude or requiring forced or compulsory labour", VIOLENCE, EitherWay, 4).since(2015, 7, 31), 0.005),
    (off("03603", "Arranging or facilitating the travel of another person with a view to exploitation", VIOLENCE, EitherWay, 4).since(2015, 7, 31), 0.005),
    (off("03604", "Child abduction by a person not connected with the child", VIOLENCE, EitherWay, 4), 0.005),
    (off("03605", "Forced marriage", VIOLENCE, EitherWay, 4).since(2014, 6, 16), 0.001),
    (off("10400", "Assault on an emergency worker", VIOLENCE, EitherWay, 2).since(2018, 11, 13), 1.0),
    (off("10401", "Assault on a constable in the execution of duty", VIOLENCE, Summary, 2), 0.6),
    (off("10402", "Assault with intent to resist or prevent arrest", VIOLENCE, EitherWay, 2), 0.05),
    (off("10500", "Common assault", VIOLENCE, Summary, 2), 5.0),
    (off("10501", "Racially or religiously aggravated common assault", VIOLENCE, EitherWay, 2), 0.15),
    // Sexual offences
    (off("01901", "Sexual assault on a female", SEXUAL, EitherWay, 4).since(2004, 5, 1), 0.25),
    (off("01902", "Rape of a female aged under 16", SEXUAL, IndictableOnly, 5), 0.02),
    (off("01903", "Rape of a female child under 13", SEXUAL, IndictableOnly, 5).since(2004, 5, 1), 0.02),
    (off("01904", "Rape of a female aged 16 or over", SEXUAL, IndictableOnly, 5), 0.1),
    (off("01905", "Rape of a male aged 16 or over", SEXUAL, IndictableOnly, 5), 0.01),
    (off("01906", "Rape of a male child under 13", SEXUAL, IndictableOnly, 5).since(2004, 5, 1), 0.01),
    (off("01907", "Assault by penetration", SEXUAL, IndictableOnly, 5).since(2004, 5, 1), 0.03),
    (off("01908", "Sexual assault on a male", SEXUAL, EitherWay, 4).since(2004, 5, 1), 0.04),
    (off("01909", "Sexual assault of a child under 13", SEXUAL, EitherWay, 4).since(2004, 5, 1), 0.05),
    (off("02100", "Sexual activity with a child", SEXUAL, EitherWay, 4).since(2004, 5, 1), 0.05),
    (off("02101", "Causing or inciting a child to engage in sexual activity", SEXUAL, EitherWay, 4).since(2004, 5, 1), 0.03),
    (off("02200", "Causing a person to engage in sexual activity without consent", SEXUAL, EitherWay, 4).since(2004, 5, 1), 0.01),
    (off("02300", "Sexual activity with a child family member", SEXUAL, EitherWay, 4).since(2004, 5, 1), 0.01),
    (off("02400", "Controlling prostitution for gain", SEXUAL, EitherWay, 3).since(2004, 5, 1), 0.005),
    (off("07000", "Exposure", SEXUAL, EitherWay, 2).since(2004, 5, 1), 0.12),
    (off("07001", "Voyeurism", SEXUAL, EitherWay, 3).since(2004, 5, 1), 0.03),
    (off("07002", "Voyeurism: operating equipment or recording an image beneath clothing", SEXUAL, EitherWay, 3).since(2019, 4, 12), 0.005),
    (off("07300", "Abuse of position of trust: sexual activity with a child", SEXUAL, EitherWay, 3).since(2004, 5, 1), 0.005),
    (off("08601", "Taking, making or distributing indecent photographs of a child", SEXUAL, EitherWay, 3), 0.2),
    (off("08602", "Possession of prohibited images of children", SEXUAL, EitherWay, 3).since(2010, 4, 6), 0.01),
    (off("08800", "Possession of indecent photographs of a child", SEXUAL, EitherWay, 3), 0.2),
    (off("08801", "Meeting a child following sexual grooming", SEXUAL, EitherWay, 4).since(2004, 5, 1), 0.02),
    (off("08802", "Sexual communication with a child", SEXUAL, EitherWay, 3).since(2017, 4, 3), 0.04),
    // Robbery
    (off("03400", "Robbery of personal property", ROBBERY, IndictableOnly, 5), 0.4),
    (off("03401", "Robbery of business property", ROBBERY, IndictableOnly, 5), 0.06),
    (off("03402", "Assault with intent to rob", ROBBERY, IndictableOnly, 5), 0.04),
    // Theft offences (burglary and vehicle offences included)
    (off("02800", "Burglary in a dwelling", THEFT, EitherWay, 4), 1.5),
    (off("02900", "Aggravated burglary in a dwelling", THEFT, IndictableOnly, 5), 0.03),
    (off("03000", "Burglary in a building other than a dwelling", THEFT, EitherWay, 3), 1.0),
    (off("03100", "Aggravated burglary in a building other than a dwelling", THEFT, IndictableOnly, 5), 0.005),
    (off("03300", "Going equipped for stealing", THEFT, EitherWay, 2), 0.15),
    (off("03500", "Blackmail", THEFT, IndictableOnly, 4), 0.02),
    (off("03700", "Aggravated vehicle taking", THEFT, EitherWay, 3), 0.1),
    (off("03900", "Theft from the person", THEFT, EitherWay, 2), 0.3),
    (off("04000", "Theft in a dwelling", THEFT, EitherWay, 2), 0.2),
    (off("04100", "Theft by an employee", THEFT, EitherWay, 2), 0.2),
    (off("04200", "Theft of mail", THEFT, EitherWay, 2), 0.02),
    (off("04300", "Dishonest use of electricity", THEFT, EitherWay, 1), 0.05),
    (off("04400", "Theft of a pedal cycle", THEFT, EitherWay, 2), 0.15),
    (off("04401", "Taking a pedal cycle without consent", THEFT, Summary, 1), 0.02),
    (off("04500", "Theft from a vehicle", THEFT, EitherWay, 2), 1.0),
    (off("04600", "Theft from a shop or stall", THEFT, EitherWay, 2), 8.0),
    (off("04700", "Theft from an automatic machine or meter", THEFT, EitherWay, 2), 0.03),
    (off("04800", "Theft of a motor vehicle", THEFT, EitherWay, 2), 0.3),
    (off("04801", "Taking a motor vehicle without consent", THEFT, Summary, 2), 0.3),
    (off("04901", "Other theft or unauthorised taking", THEFT, EitherWay, 2), 3.0),
    (off("04902", "Making off without payment", THEFT, EitherWay, 1), 0.4),
    (off("05400", "Handling stolen goods", THEFT, EitherWay, 3), 0.8),
    (off("12600", "Interfering with a motor vehicle", THEFT, Summary, 1), 0.1),
    // Fraud offences
    (off("05300", "Fraud by false representation", FRAUD, EitherWay, 3).since(2007, 1, 15), 0.6),
    (off("05301", "Fraud by failing to disclose information", FRAUD, EitherWay, 3).since(2007, 1, 15), 0.05),
    (off("05302", "Fraud by abuse of position", FRAUD, EitherWay, 3).since(2007, 1, 15), 0.08),
    (off("05303", "Possession or control of articles for use in frauds", FRAUD, EitherWay, 3).since(2007, 1, 15), 0.08),
    (off("05304", "Making or supplying articles for use in frauds", FRAUD, EitherWay, 3).since(2007, 1, 15), 0.01),
    (off("05305", "Obtaining services dishonestly", FRAUD, EitherWay, 2).since(2007, 1, 15), 0.03),
    (off("05306", "Conspiracy to defraud", FRAUD, IndictableOnly, 4), 0.02),
    (off("05307", "False accounting", FRAUD, EitherWay, 3), 0.03),
    (off("05308", "Dishonest representation for obtaining benefit", FRAUD, EitherWay, 2), 0.15),
    (off("05309", "False statement or representation to obtain benefit", FRAUD, Summary, 1), 0.2),
    (off("05310", "Fraudulent evasion of value added tax", FRAUD, EitherWay, 3), 0.01),
    (off("05311", "Cheating the public revenue", FRAUD, IndictableOnly, 4), 0.005),
    // Criminal damage and arson
    (off("05600", "Arson not endangering life", DAMAGE, EitherWay, 3), 0.2),
    (off("05601", "Arson endangering life", DAMAGE, IndictableOnly, 5), 0.03),
    (off("05800", "Criminal damage to a dwelling", DAMAGE, EitherWay, 2), 0.3),
    (off("05801", "Criminal damage to a building other than a dwelling", DAMAGE, EitherWay, 2), 0.15),
    (off("05802", "Criminal damage to a vehicle", DAMAGE, EitherWay, 2), 0.3),
    (off("05803", "Other criminal damage", DAMAGE, EitherWay, 1), 0.2),
    (off("05804", "Criminal damage endangering life", DAMAGE, IndictableOnly, 5), 0.01),
    (off("05805", "Racially or religiously aggravated criminal damage", DAMAGE, EitherWay, 2), 0.03),
    (off("05900", "Threat to destroy or damage property", DAMAGE, EitherWay, 2), 0.08),
    (off("05901", "Possessing anything with intent to destroy or damage property", DAMAGE, EitherWay, 2), 0.03),
    (off("14900", "Criminal damage to property valued up to 5000 pounds", DAMAGE, EitherWay, 1), 2.5),
    // Public order offences
    (off("06400", "Riot", ORDER, IndictableOnly, 5), 0.003),
    (off("06500", "Violent disorder", ORDER, EitherWay, 4), 0.1),
    (off("06600", "Threatening or abusive words or behaviour", ORDER, Summary, 1), 1.6),
    (off("06601", "Affray", ORDER, EitherWay, 3), 0.5),
    (off("06602", "Intentional harassment, alarm or distress", ORDER, Summary, 1), 0.4),
    (off("06603", "Harassment, alarm or distress", ORDER, Summary, 1), 0.5),
    (off("06604", "Racially or religiously aggravated fear or provocation of violence", ORDER, EitherWay, 2), 0.05),
    (off("06605", "Racially or religiously aggravated intentional harassment, alarm or distress", ORDER, EitherWay, 2), 0.1),
    (off("06606", "Racially or religiously aggravated harassment, alarm or distress", ORDER, Summary, 1), 0.1),
    (off("06607", "Stirring up racial hatred", ORDER, EitherWay, 3), 0.002),
    (off("06608", "Placing or dispatching an article to cause a bomb hoax", ORDER, EitherWay, 3), 0.01),
    (off("06609", "Breach of a criminal behaviour order", ORDER, EitherWay, 2).since(2014, 10, 20), 0.3),
    // Anti-social behaviour orders still running on 20 October 2019, five years after the
    // Anti-social Behaviour, Crime and Policing Act 2014 began, became criminal behaviour orders.
    (off("06610", "Breach of an anti-social behaviour order", ORDER, EitherWay, 2).ended(2019, 10, 20), 0.4),
    // Possession of weapons
    (off("08100", "Possession of a firearm with intent to endanger life", WEAPONS, IndictableOnly, 5), 0.02),
    (off("08101", "Possession of a firearm without a certificate", WEAPONS, EitherWay, 3), 0.04),
    (off("08102", "Possession of a prohibited firearm", WEAPONS, IndictableOnly, 5), 0.04),
    (off("08103", "Possession of an article with a blade or point in a public place", WEAPONS, EitherWay, 3), 1.2),
    (off("08104", "Possession of an offensive weapon in a public place", WEAPONS, EitherWay, 3), 0.5),
    (off("08105", "Possession of a prohibited weapon designed for the discharge of a noxious substance", WEAPONS, EitherWay, 3), 0.06),
    (off("08106", "Possession of a shotgun without a certificate", WEAPONS, EitherWay, 3), 0.01),
    (off("08107", "Having an imitation firearm in a public place", WEAPONS, Summary, 2), 0.04),
    (off("08108", "Possession of a firearm or ammunition by a person previously convicted", WEAPONS, EitherWay, 4), 0.01),
    (off("08109", "Having an article with a blade or point on school premises", WEAPONS, EitherWay, 3), 0.03),
    (off("08110", "Threatening with an article with a blade or point or an offensive weapon in a public place", WEAPONS, EitherWay, 4).since(2012, 12, 3), 0.05),
    (off("08111", "Threatening with an article with a blade or point or an offensive weapon on school premises", WEAPONS, EitherWay, 4).since(2012, 12, 3), 0.005),
    (off("08112", "Possession of a firearm with intent to cause fear of violence", WEAPONS, IndictableOnly, 5), 0.01),
    // Drug offences
    (off("09201", "Possession of a controlled drug - Class B", DRUGS, EitherWay, 1), 3.0),
    (off("09202", "Possession of a controlled drug - Class A", DRUGS, EitherWay, 2), 1.2),
    (off("09203", "Possession with intent to supply a controlled drug - Class A", DRUGS, EitherWay, 4), 0.5),
    (off("09204", "Supplying a controlled drug - Class A", DRUGS, EitherWay, 4), 0.3),
    (off("09205", "Possession of a controlled drug - Class C", DRUGS, EitherWay, 1), 0.1),
    (off("09206", "Supplying a controlled drug - Class B", DRUGS, EitherWay, 3), 0.1),
    (off("09207", "Possession with intent to supply a controlled drug - Class B", DRUGS, EitherWay, 3), 0.3),
    (off("09208", "Supplying a controlled drug - Class C", DRUGS, EitherWay, 2), 0.01),
    (off("09209", "Possession with intent to supply a controlled drug - Class C", DRUGS, EitherWay, 2), 0.02),
    (off("09210", "Being concerned in the supply of a controlled drug - Class A", DRUGS, EitherWay, 4), 0.3),
    (off("09211", "Being concerned in the supply of a controlled drug - Class B", DRUGS, EitherWay, 3), 0.05),
    (off("09212", "Production of a controlled drug - Class A", DRUGS, EitherWay, 4), 0.005),
    (off("09213", "Production of a controlled drug - Class B", DRUGS, EitherWay, 3), 0.2),
    (off("09214", "Cultivation of a cannabis plant", DRUGS, EitherWay, 2), 0.1),
    (off("09215", "Permitting premises to be used for drug offences", DRUGS, EitherWay, 3), 0.03),
    (off("09216", "Fraudulent evasion of a prohibition on importing a controlled drug - Class A", DRUGS, EitherWay, 5), 0.02),
    (off("09217", "Fraudulent evasion of a prohibition on importing a controlled drug - Class B", DRUGS, EitherWay, 4), 0.01),
    // Khat became a Class C drug on 24 June 2014.
    (off("09218", "Possession of khat", DRUGS, EitherWay, 1).since(2014, 6, 24), 0.003),
    (off("09219", "Supplying or offering to supply a psychoactive substance", DRUGS, EitherWay, 3).since(2016, 5, 26), 0.01),
    (off("09220", "Possession of a psychoactive substance with intent to supply", DRUGS, EitherWay, 3).since(2016, 5, 26), 0.01),
    (off("09221", "Possession of a psychoactive substance in a custodial institution", DRUGS, EitherWay, 2).since(2016, 5, 26), 0.02),
    (off("09222", "Producing a psychoactive substance", DRUGS, EitherWay, 3).since(2016, 5, 26), 0.001),
    (off("09223", "Importing or exporting a psychoactive substance", DRUGS, EitherWay, 3).since(2016, 5, 26), 0.001),
    // Miscellaneous crimes against society
    (off("06700", "Perjury", SOCIETY, IndictableOnly, 4), 0.005),
    (off("08300", "Perverting the course of justice", SOCIETY, IndictableOnly, 4), 0.05),
    (off("08301", "Intimidating a witness or juror", SOCIETY, EitherWay, 3), 0.04),
    (off("08302", "Escape from lawful custody", SOCIETY, IndictableOnly, 3), 0.005),
    (off("08303", "Conveying a prohibited article into or out of a prison", SOCIETY, EitherWay, 3), 0.04),
    (off("08304", "Misconduct in a public office", SOCIETY, IndictableOnly, 4), 0.002),
    (off("08305", "Acquiring, using or possessing criminal property", SOCIETY, EitherWay, 3).since(2003, 2, 24), 0.1),
    (off("08306", "Concealing, disguising, converting or transferring criminal property", SOCIETY, EitherWay, 3).since(2003, 2, 24), 0.05),
    (off("08307", "Bribing another person", SOCIETY, EitherWay, 3).since(2011, 7, 1), 0.001),
    (off("08308", "Dangerous driving", SOCIETY, EitherWay, 3), 0.25),
    (off("08309", "Assisting unlawful immigration", SOCIETY, EitherWay, 4), 0.01),
    (off("08310", "Allowing a dog to be dangerously out of control causing injury", SOCIETY, EitherWay, 2), 0.05),
    (off("08311", "Possession of extreme pornographic images", SOCIETY, EitherWay, 2).since(2009, 1, 26), 0.02),
    (off("08312", "Failing to comply with sex offender notification requirements", SOCIETY, EitherWay, 2).since(2004, 5, 1), 0.06),
    (off("08313", "Breach of a sexual harm prevention order", SOCIETY, EitherWay, 3).since(2015, 3, 8), 0.04),
    (off("08314", "Breach of a sexual offences prevention order", SOCIETY, EitherWay, 3).since(2004, 5, 1), 0.03),
    (off("08315", "Possession of a false identity document with improper intention", SOCIETY, EitherWay, 3), 0.03),
    (off("08316", "Using a false instrument with intent", SOCIETY, EitherWay, 3), 0.02),
    (off("08317", "Preparation of terrorist acts", SOCIETY, IndictableOnly, 5).since(2006, 4, 13), 0.001),
    (off("08318", "Encouraging or assisting an offence believing it will be committed", SOCIETY, EitherWay, 3).since(2008, 10, 1), 0.005),
    (off("08319", "Depositing controlled waste without a licence or permit", SOCIETY, EitherWay, 2), 0.03),
    // Summary non-motoring
    (off("10403", "Resisting or obstructing a constable in the execution of duty", NON_MOTORING, Summary, 1), 0.5),
    (off("13300", "Failing to surrender to bail", NON_MOTORING, Summary, 1), 1.0),
    (off("14000", "Drunk and disorderly", NON_MOTORING, Summary, 1), 1.0),
    (off("14001", "Being found drunk in a highway or public place", NON_MOTORING, Summary, 1), 0.1),
    (off("14100", "Begging in a public place", NON_MOTORING, Summary, 1), 0.05),
    (off("14200", "Persistently loitering or soliciting for the purpose of prostitution", NON_MOTORING, Summary, 1), 0.03),
    (off("15000", "Wasting police time", NON_MOTORING, Summary, 1), 0.03),
    (off("15100", "Installing or using a television receiver without a licence", NON_MOTORING, Summary, 1), 0.4),
    (off("15200", "Travelling on a railway without paying the fare", NON_MOTORING, Summary, 1), 0.2),
    (off("15300", "Parent failing to secure the regular school attendance of a registered pupil", NON_MOTORING, Summary, 1), 0.4),
    (off("15301", "Parent knowingly failing to secure the regular school attendance of a registered pupil", NON_MOTORING, Summary, 1), 0.1),
    (off("15400", "Causing unnecessary suffering to a protected animal", NON_MOTORING, Summary, 2), 0.03),
    (off("15500", "Failing to comply with a community protection notice", NON_MOTORING, Summary, 1).since(2014, 10, 20), 0.03),
    (off("15501", "Failing to comply with a public spaces protection order", NON_MOTORING, Summary, 1).since(2014, 10, 20), 0.02),
    (off("15502", "Failing to comply with a direction to leave a locality", NON_MOTORING, Summary, 1).since(2014, 10, 20), 0.01),
    (off("15600", "Sending a grossly offensive, indecent or menacing message by a public communications network", NON_MOTORING, Summary, 1), 0.3),
    (off("15700", "Selling alcohol to a child", NON_MOTORING, Summary, 1).since(2005, 11, 24), 0.005),
    (off("15800", "Failing to comply with a football banning order", NON_MOTORING, Summary, 1), 0.005),
    (off("15900", "Fishing without a rod licence", NON_MOTORING, Summary, 1), 0.01),
    (off("16000", "Owner or person in charge of a dog dangerously out of control", NON_MOTORING, Summary, 1), 0.05),
    (off("16100", "Squatting in a residential building", NON_MOTORING, Summary, 2).since(2012, 9, 1), 0.01),
    (off("16200", "Being found on enclosed premises for an unlawful purpose", NON_MOTORING, Summary, 1), 0.02),
    (off("16300", "Depositing litter", NON_MOTORING, Summary, 1), 0.02),
    // Summary motoring
    (off("80401", "Driving with excess alcohol", MOTORING, Summary, 2), 4.0),
    (off("80402", "In charge of a motor vehicle with excess alcohol", MOTORING, Summary, 1), 0.2),
    (off("80403", "Driving or attempting to drive while unfit through drink or drugs", MOTORING, Summary, 2), 0.2),
    (off("80404", "Failing to provide a specimen for analysis", MOTORING, Summary, 2), 0.4),
    (off("80405", "Driving with a concentration of a specified controlled drug above the limit", MOTORING, Summary, 2).since(2015, 3, 2), 0.8),
    (off("80406", "Failing to co-operate with a preliminary test", MOTORING, Summary, 1), 0.05),
    (off("80500", "Driving while disqualified", MOTORING, Summary, 2), 1.5),
    (off("80600", "Driving otherwise than in accordance with a licence", MOTORING, Summary, 1), 1.0),
    (off("80700", "Using a motor vehicle uninsured against third party risks", MOTORING, Summary, 1), 4.0),
    (off("80800", "Driving without due care and attention", MOTORING, Summary, 1), 0.6),
    (off("80801", "Driving without reasonable consideration for other road users", MOTORING, Summary, 1), 0.05),
    (off("80902", "Failing to stop after an accident", MOTORING, Summary, 1), 0.5),
    (off("80903", "Failing to report an accident", MOTORING, Summary, 1), 0.3),
    (off("81000", "Failing to give information as to the identity of the driver", MOTORING, Summary, 1), 0.8),
    (off("81100", "Using a hand-held mobile telephone while driving", MOTORING, Summary, 1).since(2003, 12, 1), 0.3),
    (off("81200", "Failing to comply with a red traffic light", MOTORING, Summary, 1), 0.2),
    (off("81201", "Failing to comply with a traffic sign", MOTORING, Summary, 1), 0.1),
    (off("81300", "Exceeding the speed limit", MOTORING, Summary, 1), 1.5),
    (off("81301", "Exceeding the speed limit on a motorway", MOTORING, Summary, 1), 0.3),
    (off("81400", "Using a motor vehicle in a dangerous condition", MOTORING, Summary, 1), 0.1),
    (off("81401", "Using a motor vehicle with defective tyres", MOTORING, Summary, 1), 0.1),
    (off("81402", "Using a motor vehicle without a test certificate", MOTORING, Summary, 1), 0.2),
    (off("81500", "Keeping an unlicensed vehicle", MOTORING, Summary, 1), 0.3),
    (off("81600", "Driving without wearing a seat belt", MOTORING, Summary, 1), 0.1),
    (off("81700", "Contravening the drivers' hours rules", MOTORING, Summary, 1), 0.01),
    (off("81800", "Leaving a motor vehicle in a dangerous position", MOTORING, Summary, 1), 0.01),
];

/// A part of England and Wales, with the places its people pass through.
pub struct Region {
    pub mags_courts: &'static [&'static str],
    pub crown_courts: &'static [&'static str],
    /// Men's adult prisons (young adults included); women's establishments are in
    /// [`WOMENS_PRISONS`] and those for boys under 18 in [`YOUNG_OFFENDER_INSTITUTIONS`].
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
    // London
    Region {
        mags_courts: &[
            "Westminster Magistrates' Court",
            "Highbury Corner Magistrates' Court",
            "Stratford Magistrates' Court",
            "Bromley Magistrates' Court",
            "Willesden Magistrates' Court",
            "Camberwell Green Magistrates' Court",
            "Croydon Magistrates' Court",
            "Thames Magistrates' Court",
            "Uxbridge Magistrates' Court",
            "Barkingside Magistrates' Court",
            "Lavender Hill Magistrates' Court",
            "Wimbledon Magistrates' Court",
            "City of London Magistrates' Court",
            "Bexley Magistrates' Court",
            "Ealing Magistrates' Court",
            "Romford Magistrates' Court",
        ],
        crown_courts: &[
            "Southwark Crown Court",
            "Snaresbrook Crown Court",
            "Wood Green Crown Court",
            "Isleworth Crown Court",
            "Central Criminal Court",
            "Inner London Crown Court",
            "Woolwich Crown Court",
            "Kingston-upon-Thames Crown Court",
            "Harrow Crown Court",
            "Croydon Crown Court",
            "Blackfriars Crown Court",
        ],
        prisons: &[
            "Belmarsh (HMP)",
            "Wandsworth (HMP)",
            "Pentonville (HMP)",
            "Thameside (HMP)",
            "Brixton (HMP)",
            "Wormwood Scrubs (HMP)",
            "Isis (HMP & YOI)",
        ],
        trust: "London Probation Trust",
        nps: "NPS London",
        cpas: &["CPA London"],
        weight: 16.0,
    },
    // South East and Eastern: Kent, Surrey, Sussex, Essex, Hertfordshire, Bedfordshire,
    // Cambridgeshire, Norfolk and Suffolk
    Region {
        mags_courts: &[
            "Medway Magistrates' Court",
            "Chelmsford Magistrates' Court",
            "Norwich Magistrates' Court",
            "Luton Magistrates' Court",
            "Maidstone Magistrates' Court",
            "Canterbury Magistrates' Court",
            "Folkestone Magistrates' Court",
            "Margate Magistrates' Court",
            "Sevenoaks Magistrates' Court",
            "Colchester Magistrates' Court",
            "Basildon Magistrates' Court",
            "Southend Magistrates' Court",
            "Ipswich Magistrates' Court",
            "Great Yarmouth Magistrates' Court",
            "King's Lynn Magistrates' Court",
            "Cambridge Magistrates' Court",
            "Peterborough Magistrates' Court",
            "Huntingdon Magistrates' Court",
            "St Albans Magistrates' Court",
            "Stevenage Magistrates' Court",
            "Watford Magistrates' Court",
            "Guildford Magistrates' Court",
            "Staines Magistrates' Court",
            "Brighton Magistrates' Court",
            "Crawley Magistrates' Court",
            "Worthing Magistrates' Court",
            "Hastings Magistrates' Court",
        ],
        crown_courts: &[
            "Maidstone Crown Court",
            "Chelmsford Crown Court",
            "Norwich Crown Court",
            "Luton Crown Court",
            "Canterbury Crown Court",
            "Basildon Crown Court",
            "Southend Crown Court",
            "Ipswich Crown Court",
            "Cambridge Crown Court",
            "Peterborough Crown Court",
            "King's Lynn Crown Court",
            "St Albans Crown Court",
            "Guildford Crown Court",
            "Lewes Crown Court",
            "Hove Trial Centre",
            "Chichester Crown Court",
        ],
        prisons: &[
            "Elmley (HMP)",
            "Chelmsford (HMP)",
            "Norwich (HMP & YOI)",
            "Bedford (HMP)",
            "Swaleside (HMP)",
            "Standford Hill (HMP)",
            "Rochester (HMP & YOI)",
            "Maidstone (HMP)",
            "Lewes (HMP)",
            "Ford (HMP)",
            "High Down (HMP)",
            "Coldingley (HMP)",
            "Littlehey (HMP)",
            "Whitemoor (HMP)",
            "Highpoint (HMP)",
            "Wayland (HMP)",
            "Hollesley Bay (HMP)",
            "The Mount (HMP)",
            "Bure (HMP)",
            "Blundeston (HMP)",
            "Canterbury (HMP)",
            "Bullwood Hall (HMP)",
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
    // South West and South Central: Avon and Somerset, Gloucestershire, Wiltshire, Dorset, Devon
    // and Cornwall, Hampshire and the Isle of Wight, Thames Valley
    Region {
        mags_courts: &[
            "Bristol Magistrates' Court",
            "Exeter Magistrates' Court",
            "Southampton Magistrates' Court",
            "Oxford Magistrates' Court",
            "Bath Magistrates' Court",
            "North Somerset Magistrates' Court",
            "Taunton Magistrates' Court",
            "Yeovil Magistrates' Court",
            "Cheltenham Magistrates' Court",
            "Swindon Magistrates' Court",
            "Salisbury Magistrates' Court",
            "Chippenham Magistrates' Court",
            "Bournemouth Magistrates' Court",
            "Weymouth Magistrates' Court",
            "Plymouth Magistrates' Court",
            "Barnstaple Magistrates' Court",
            "Newton Abbot Magistrates' Court",
            "Truro Magistrates' Court",
            "Bodmin Magistrates' Court",
            "Portsmouth Magistrates' Court",
            "Basingstoke Magistrates' Court",
            "Aldershot Magistrates' Court",
            "Isle of Wight Magistrates' Court",
            "Reading Magistrates' Court",
            "High Wycombe Magistrates' Court",
            "Milton Keynes Magistrates' Court",
        ],
        crown_courts: &[
            "Bristol Crown Court",
            "Exeter Crown Court",
            "Winchester Crown Court",
            "Oxford Crown Court",
            "Southampton Crown Court",
            "Portsmouth Crown Court",
            "Bournemouth Crown Court",
            "Salisbury Crown Court",
            "Swindon Crown Court",
            "Gloucester Crown Court",
            "Taunton Crown Court",
            "Plymouth Crown Court",
            "Truro Crown Court",
            "Dorchester Crown Court",
            "Newport (Isle of Wight) Crown Court",
            "Reading Crown Court",
            "Aylesbury Crown Court",
        ],
        prisons: &[
            "Bristol (HMP)",
            "Exeter (HMP)",
            "Winchester (HMP)",
            "Bullingdon (HMP)",
            "Dartmoor (HMP)",
            "Channings Wood (HMP)",
            "Guys Marsh (HMP)",
            "Portland (HMP & YOI)",
            "Erlestoke (HMP)",
            "Leyhill (HMP)",
            "Isle of Wight (HMP)",
            "Woodhill (HMP)",
            "Grendon (HMP)",
            "Spring Hill (HMP)",
            "Aylesbury (YOI)",
            "Huntercombe (HMP)",
            "Gloucester (HMP)",
            "Shepton Mallet (HMP)",
            "Dorchester (HMP)",
            "Reading (HMP & YOI)",
            "Kingston (HMP)",
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
    // Midlands: West Midlands, Staffordshire, West Mercia, Warwickshire, Derbyshire,
    // Nottinghamshire, Leicestershire, Northamptonshire, Lincolnshire
    Region {
        mags_courts: &[
            "Birmingham Magistrates' Court",
            "Nottingham Magistrates' Court",
            "Leicester Magistrates' Court",
            "Wolverhampton Magistrates' Court",
            "Coventry Magistrates' Court",
            "Walsall Magistrates' Court",
            "Dudley Magistrates' Court",
            "North Staffordshire Magistrates' Court",
            "Cannock Magistrates' Court",
            "Kidderminster Magistrates' Court",
            "Worcester Magistrates' Court",
            "Hereford Magistrates' Court",
            "Telford Magistrates' Court",
            "Leamington Spa Magistrates' Court",
            "Nuneaton Magistrates' Court",
            "Derby Magistrates' Court",
            "Chesterfield Magistrates' Court",
            "Mansfield Magistrates' Court",
            "Loughborough Magistrates' Court",
            "Northampton Magistrates' Court",
            "Lincoln Magistrates' Court",
            "Grantham Magistrates' Court",
            "Boston Magistrates' Court",
        ],
        crown_courts: &[
            "Birmingham Crown Court",
            "Nottingham Crown Court",
            "Leicester Crown Court",
            "Wolverhampton Crown Court",
            "Coventry Crown Court",
            "Warwick Crown Court",
            "Stoke-on-Trent Crown Court",
            "Stafford Crown Court",
            "Worcester Crown Court",
            "Hereford Crown Court",
            "Shrewsbury Crown Court",
            "Derby Crown Court",
            "Northampton Crown Court",
            "Lincoln Crown Court",
        ],
        prisons: &[
            "Birmingham (HMP)",
            "Nottingham (HMP)",
            "Leicester (HMP)",
            "Hewell (HMP)",
            "Oakwood (HMP)",
            "Featherstone (HMP)",
            "Brinsford (HMP & YOI)",
            "Dovegate (HMP)",
            "Swinfen Hall (HMP & YOI)",
            "Stafford (HMP)",
            "Stoke Heath (HMP & YOI)",
            "Long Lartin (HMP)",
            "Gartree (HMP)",
            "Stocken (HMP)",
            "North Sea Camp (HMP)",
            "Lincoln (HMP)",
            "Onley (HMP)",
            "Rye Hill (HMP)",
            "Ranby (HMP)",
            "Lowdham Grange (HMP)",
            "Whatton (HMP)",
            "Sudbury (HMP)",
            "Five Wells (HMP)",
            "Wellingborough (HMP)",
            "Ashwell (HMP)",
            "Shrewsbury (HMP)",
        ],
        trust: "Staffordshire and West Midlands Probation Trust",
        nps: "NPS Midlands",
        cpas: &[
            "CPA Staffordshire and West Midlands",
            "CPA Derbyshire, Leicestershire, Nottinghamshire and Rutland",
        ],
        weight: 17.0,
    },
    // North West: Greater Manchester, Merseyside, Cheshire, Lancashire, Cumbria
    Region {
        mags_courts: &[
            "Manchester and Salford Magistrates' Court",
            "Liverpool and Knowsley Magistrates' Court",
            "Preston Magistrates' Court",
            "Wigan and Leigh Magistrates' Court",
            "Bolton Magistrates' Court",
            "Tameside Magistrates' Court",
            "Stockport Magistrates' Court",
            "Oldham Magistrates' Court",
            "Wirral Magistrates' Court",
            "South Sefton Magistrates' Court",
            "Warrington Magistrates' Court",
            "Chester Magistrates' Court",
            "Crewe Magistrates' Court",
            "Blackpool Magistrates' Court",
            "Blackburn Magistrates' Court",
            "Burnley Magistrates' Court",
            "Lancaster Magistrates' Court",
            "Carlisle Magistrates' Court",
            "Barrow-in-Furness Magistrates' Court",
            "Workington Magistrates' Court",
        ],
        crown_courts: &[
            "Manchester Crown Court (Minshull Street)",
            "Manchester Crown Court (Crown Square)",
            "Liverpool Crown Court",
            "Preston Crown Court",
            "Bolton Crown Court",
            "Chester Crown Court",
            "Burnley Crown Court",
            "Carlisle Crown Court",
        ],
        prisons: &[
            "Manchester (HMP)",
            "Liverpool (HMP)",
            "Preston (HMP)",
            "Altcourse (HMP & YOI)",
            "Forest Bank (HMP & YOI)",
            "Risley (HMP)",
            "Thorn Cross (HMP & YOI)",
            "Buckley Hall (HMP)",
            "Kirkham (HMP)",
            "Garth (HMP)",
            "Wymott (HMP)",
            "Lancaster Farms (HMP)",
            "Haverigg (HMP)",
            "Hindley (HMP & YOI)",
            "Lancaster Castle (HMP)",
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
    // North East: Yorkshire and the Humber, Durham, Teesside, Northumbria
    Region {
        mags_courts: &[
            "Leeds Magistrates' Court",
            "Sheffield Magistrates' Court",
            "Newcastle Magistrates' Court",
            "Teesside Magistrates' Court",
            "Bradford and Keighley Magistrates' Court",
            "Calderdale Magistrates' Court",
            "Kirklees Magistrates' Court",
            "Wakefield Magistrates' Court",
            "Doncaster Magistrates' Court",
            "Barnsley Magistrates' Court",
            "Rotherham Magistrates' Court",
            "Hull Magistrates' Court",
            "Grimsby Magistrates' Court",
            "Beverley Magistrates' Court",
            "York Magistrates' Court",
            "Harrogate Magistrates' Court",
            "Scarborough Magistrates' Court",
            "Skipton Magistrates' Court",
            "Northallerton Magistrates' Court",
            "County Durham and Darlington Magistrates' Court",
            "Sunderland Magistrates' Court",
        ],
        crown_courts: &[
            "Leeds Crown Court",
            "Sheffield Crown Court",
            "Newcastle Crown Court",
            "Teesside Crown Court",
            "Bradford Crown Court",
            "Doncaster Crown Court",
            "York Crown Court",
            "Hull Crown Court",
            "Durham Crown Court",
            "Grimsby Crown Court",
        ],
        prisons: &[
            "Leeds (HMP)",
            "Doncaster (HMP & YOI)",
            "Durham (HMP)",
            "Wakefield (HMP)",
            "Full Sutton (HMP)",
            "Frankland (HMP)",
            "Holme House (HMP)",
            "Deerbolt (HMP & YOI)",
            "Kirklevington Grange (HMP)",
            "Hull (HMP)",
            "Moorland (HMP & YOI)",
            "Lindholme (HMP)",
            "Wealstun (HMP)",
            "Northallerton (HMP)",
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
    // Wales
    Region {
        mags_courts: &[
            "Cardiff Magistrates' Court",
            "Swansea Magistrates' Court",
            "Newport (South Wales) Magistrates' Court",
            "Cwmbran Magistrates' Court",
            "Merthyr Tydfil Magistrates' Court",
            "Neath Port Talbot Magistrates' Court",
            "Llanelli Magistrates' Court",
            "Haverfordwest Magistrates' Court",
            "Aberystwyth Magistrates' Court",
            "Llandrindod Wells Magistrates' Court",
            "Welshpool Magistrates' Court",
            "Mold Magistrates' Court",
            "Wrexham Magistrates' Court",
            "Llandudno Magistrates' Court",
            "Caernarfon Magistrates' Court",
        ],
        crown_courts: &[
            "Cardiff Crown Court",
            "Swansea Crown Court",
            "Newport (South Wales) Crown Court",
            "Merthyr Tydfil Crown Court",
            "Carmarthen Crown Court",
            "Haverfordwest Crown Court",
            "Mold Crown Court",
            "Caernarfon Crown Court",
        ],
        prisons: &[
            "Cardiff (HMP)",
            "Swansea (HMP)",
            "Parc (HMP & YOI)",
            "Berwyn (HMP)",
            "Usk (HMP)",
            "Prescoed (HMP & YOI)",
        ],
        trust: "Wales Probation Trust",
        nps: "NPS Wales",
        cpas: &["CPA Wales"],
        weight: 0.0,
    },
];

pub const WALES: usize = 6;

/// Women's prisons (all of them in England; Wales has none).
pub static WOMENS_PRISONS: [&str; 13] = [
    "Bronzefield (HMP)",
    "Styal (HMP & YOI)",
    "New Hall (HMP)",
    "Eastwood Park (HMP)",
    "Low Newton (HMP)",
    "Downview (HMP)",
    "Send (HMP)",
    "East Sutton Park (HMP & YOI)",
    "Foston Hall (HMP)",
    "Peterborough (HMP)",
    "Askham Grange (HMP & YOI)",
    "Drake Hall (HMP & YOI)",
    "Holloway (HMP & YOI)",
];

/// Establishments holding boys under 18.
pub static YOUNG_OFFENDER_INSTITUTIONS: [&str; 5] = [
    "Feltham (HMP & YOI)",
    "Wetherby (YOI)",
    "Cookham Wood (YOI)",
    "Werrington (YOI)",
    "Parc (YOI juvenile unit)",
];

/// Places that opened or closed within the data's years: (name, first day open, first day
/// closed). Where only the month is known, an opening counts from the first of the next month
/// and a closure from the first of its month, so that no record falls outside the real period.
/// Places not listed were in use throughout 2000-2022.
#[rustfmt::skip]
pub static PLACE_PERIODS: [(&str, Option<Ymd>, Option<Ymd>); 19] = [
    // Opened
    ("Isis (HMP & YOI)", Some((2010, 8, 1)), None),
    ("Thameside (HMP)", Some((2012, 4, 1)), None),
    ("Oakwood (HMP)", Some((2012, 5, 1)), None),
    ("Berwyn (HMP)", Some((2017, 2, 28)), None),
    ("Five Wells (HMP)", Some((2022, 3, 1)), None),
    // Closed
    ("Ashwell (HMP)", None, Some((2011, 3, 1))),
    ("Lancaster Castle (HMP)", None, Some((2011, 3, 1))),
    ("Wellingborough (HMP)", None, Some((2012, 12, 1))),
    ("Bullwood Hall (HMP)", None, Some((2013, 3, 1))),
    ("Canterbury (HMP)", None, Some((2013, 3, 1))),
    ("Gloucester (HMP)", None, Some((2013, 3, 1))),
    ("Kingston (HMP)", None, Some((2013, 3, 1))),
    ("Shepton Mallet (HMP)", None, Some((2013, 3, 1))),
    ("Shrewsbury (HMP)", None, Some((2013, 3, 1))),
    ("Reading (HMP & YOI)", None, Some((2013, 11, 1))),
    ("Blundeston (HMP)", None, Some((2013, 12, 1))),
    ("Dorchester (HMP)", None, Some((2013, 12, 1))),
    ("Northallerton (HMP)", None, Some((2013, 12, 1))),
    ("Holloway (HMP & YOI)", None, Some((2016, 7, 1))),
];

/// Whether a court or prison was in use on `on`: places without an entry in [`PLACE_PERIODS`]
/// always were.
pub fn place_open(name: &str, on: NaiveDate) -> bool {
    PLACE_PERIODS
        .iter()
        .find(|(n, _, _)| *n == name)
        .is_none_or(|(_, opened, closed)| {
            opened.is_none_or(|o| day(o) <= on) && closed.is_none_or(|c| on < day(c))
        })
}

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

/// How people leave custody at the end of a sentence in England and Wales, 2011-2022, weighted.
/// Schemes outside those years are left out: the end of custody licence (June 2007 to March
/// 2010), the end of custody temporary release of 2020 and the end of custody supervised licence
/// (from October 2023). A type's period of use, when it is not the whole of 2011-2022, is in
/// [`RELEASE_TYPE_PERIODS`].
pub static RELEASE_TYPES: [(&str, f64); 8] = [
    ("Automatic conditional release", 62.0),
    ("Home detention curfew", 18.0),
    ("Automatic unconditional release", 6.0),
    ("Parole", 4.0),
    ("Release at sentence expiry", 3.0),
    ("Release after fixed-term recall", 3.0),
    ("Early removal scheme", 2.0),
    ("Early release on compassionate grounds", 0.1),
];

/// Release types in use for only part of 2011-2022: (name, first day in use, first day out of
/// use). Sentences under 12 months ended in unconditional release (no licence) for offences
/// committed before 1 February 2015, when the Offender Rehabilitation Act 2014 put those releases
/// on licence; the last such releases are taken to fall within a year of that.
#[rustfmt::skip]
pub static RELEASE_TYPE_PERIODS: [(&str, Option<Ymd>, Option<Ymd>); 1] = [
    ("Automatic unconditional release", None, Some((2016, 2, 1))),
];

/// Whether a release type was in use on `on`: types not in [`RELEASE_TYPES`] never were, and
/// those without an entry in [`RELEASE_TYPE_PERIODS`] always were.
pub fn release_type_in_use(name: &str, on: NaiveDate) -> bool {
    RELEASE_TYPES.iter().any(|(n, _)| *n == name)
        && RELEASE_TYPE_PERIODS
            .iter()
            .find(|(n, _, _)| *n == name)
            .is_none_or(|(_, from, until)| {
                from.is_none_or(|f| day(f) <= on) && until.is_none_or(|u| on < day(u))
            })
}

/// An offence drawn by weight among those in force on `on` (drawn again while it is not: the
/// same distribution as drawing among the offences in force).
pub fn offence_on(rng: &mut Rng, on: NaiveDate) -> &'static Offence {
    for _ in 0..32 {
        let o = rng.weighted(&OFFENCES);
        if o.in_force(on) {
            return o;
        }
    }
    OFFENCES
        .iter()
        .map(|(o, _)| o)
        .find(|o| o.in_force(on))
        .expect("long-standing offences are always in force")
}

/// A place from `places` that is open on `on` (the first, if none is).
pub fn place_on(rng: &mut Rng, places: &[&'static str], on: NaiveDate) -> &'static str {
    for _ in 0..32 {
        let p = rng.pick_copy(places);
        if place_open(p, on) {
            return p;
        }
    }
    places
        .iter()
        .copied()
        .find(|p| place_open(p, on))
        .unwrap_or(places[0])
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn all_mags() -> Vec<&'static str> {
        REGIONS
            .iter()
            .flat_map(|r| r.mags_courts.iter().copied())
            .collect()
    }

    fn all_crown() -> Vec<&'static str> {
        REGIONS
            .iter()
            .flat_map(|r| r.crown_courts.iter().copied())
            .collect()
    }

    fn all_prisons() -> Vec<&'static str> {
        REGIONS
            .iter()
            .flat_map(|r| r.prisons.iter().copied())
            .chain(WOMENS_PRISONS)
            .chain(YOUNG_OFFENDER_INSTITUTIONS)
            .collect()
    }

    fn all_places() -> Vec<&'static str> {
        let mut all = all_mags();
        all.extend(all_crown());
        all.extend(all_prisons());
        all
    }

    fn offence(code: &str) -> &'static Offence {
        &OFFENCES.iter().find(|(o, _)| o.code == code).unwrap().0
    }

    #[test]
    fn vocabularies_have_real_breadth() {
        assert!(OFFENCES.len() >= 150, "{} offences", OFFENCES.len());
        assert!(
            all_mags().len() >= 100,
            "{} magistrates' courts",
            all_mags().len()
        );
        assert!(
            all_crown().len() >= 70,
            "{} Crown Court centres",
            all_crown().len()
        );
        assert!(
            all_prisons().len() >= 100,
            "{} prisons",
            all_prisons().len()
        );
        assert!(WOMENS_PRISONS.len() >= 12);
        assert!(YOUNG_OFFENDER_INSTITUTIONS.len() >= 4);
        for (i, r) in REGIONS.iter().enumerate() {
            assert!(!r.mags_courts.is_empty(), "region {i} magistrates");
            assert!(!r.crown_courts.is_empty(), "region {i} Crown Court");
            assert!(!r.prisons.is_empty(), "region {i} prisons");
            assert!(!r.cpas.is_empty(), "region {i} CPAs");
        }
    }

    #[test]
    fn names_and_codes_are_unique() {
        let places = all_places();
        let mut seen = HashSet::new();
        for p in &places {
            assert!(seen.insert(*p), "{p} is listed twice");
        }
        let mut codes = HashSet::new();
        let mut descs = HashSet::new();
        for (o, _) in &OFFENCES {
            assert!(codes.insert(o.code), "offence code {} twice", o.code);
            assert!(descs.insert(o.desc), "offence {} twice", o.desc);
        }
        let mut releases = HashSet::new();
        for (r, _) in &RELEASE_TYPES {
            assert!(releases.insert(*r), "release type {r} twice");
        }
    }

    #[test]
    fn places_are_named_in_the_expected_style() {
        for c in all_mags() {
            assert!(c.ends_with(" Magistrates' Court"), "{c}");
        }
        for c in all_crown() {
            assert!(
                c.contains("Crown Court")
                    || c == "Central Criminal Court"
                    || c.ends_with("Trial Centre"),
                "{c}"
            );
        }
        for p in all_prisons() {
            assert!(p.ends_with(')') && p.contains(" ("), "{p}");
        }
        for c in REGIONS[WALES]
            .mags_courts
            .iter()
            .chain(REGIONS[WALES].crown_courts)
        {
            assert!(!all_prisons().contains(c));
        }
        assert!(REGIONS[WALES].prisons.contains(&"Berwyn (HMP)"));
        assert!(REGIONS[WALES]
            .mags_courts
            .contains(&"Caernarfon Magistrates' Court"));
    }

    #[test]
    fn offences_are_well_formed() {
        let groups = [
            THEFT,
            VIOLENCE,
            DRUGS,
            MOTORING,
            ORDER,
            DAMAGE,
            SEXUAL,
            FRAUD,
            WEAPONS,
            NON_MOTORING,
            ROBBERY,
            SOCIETY,
        ];
        for (o, w) in &OFFENCES {
            assert!(
                o.code.len() == 5 && o.code.bytes().all(|b| b.is_ascii_digit()),
                "code {}",
                o.code
            );
            assert!(*w > 0.0 && w.is_finite(), "{} weight {w}", o.code);
            assert!((1..=5).contains(&o.severity), "{} severity", o.code);
            assert!(groups.contains(&o.group), "{} group {}", o.code, o.group);
            assert!(!o.desc.is_empty());
            if o.group == MOTORING || o.group == NON_MOTORING {
                assert_eq!(o.mode, Summary, "{} is summary", o.code);
            }
            if let Some(f) = o.from {
                assert!(day(f) > ymd(2000, 12, 31), "{} from {f:?}", o.code);
                assert!(day(f) <= ymd(2022, 12, 31), "{} from {f:?}", o.code);
            }
            if let (Some(f), Some(u)) = (o.from, o.until) {
                assert!(day(f) < day(u), "{}", o.code);
            }
            if let Some(u) = o.until {
                day(u);
            }
        }
        // The common offences stay common and the gravest stay rare.
        let weight = |code: &str| OFFENCES.iter().find(|(o, _)| o.code == code).unwrap().1;
        assert!(weight("04600") > 20.0 * weight("01904"));
        assert!(weight("80700") > 100.0 * weight("00100"));
        assert_eq!(offence("00100").desc, "Murder");
    }

    #[test]
    fn offences_come_into_force_on_their_day() {
        let emergency = offence("10400");
        assert_eq!(emergency.desc, "Assault on an emergency worker");
        assert!(!emergency.in_force(ymd(2018, 11, 12)));
        assert!(emergency.in_force(ymd(2018, 11, 13)));
        let coercive = offence("00808");
        assert!(!coercive.in_force(ymd(2015, 12, 28)));
        assert!(coercive.in_force(ymd(2015, 12, 29)));
        assert!(!offence("09219").in_force(ymd(2016, 5, 25)));
        assert!(offence("09219").in_force(ymd(2016, 5, 26)));
        assert!(!offence("07002").in_force(ymd(2019, 4, 11)));
        assert!(!offence("06609").in_force(ymd(2014, 10, 19)));
        assert!(offence("00810").in_force(ymd(2015, 4, 13)));
        // Long-standing offences are always in force; anti-social behaviour orders ended.
        assert!(offence("04600").in_force(ymd(2001, 1, 1)));
        assert!(offence("06610").in_force(ymd(2019, 10, 19)));
        assert!(!offence("06610").in_force(ymd(2019, 10, 20)));
    }

    #[test]
    fn places_open_and_close_on_their_day() {
        assert!(!place_open("Berwyn (HMP)", ymd(2016, 6, 1)));
        assert!(place_open("Berwyn (HMP)", ymd(2017, 6, 1)));
        assert!(!place_open("Thameside (HMP)", ymd(2011, 6, 1)));
        assert!(place_open("Holloway (HMP & YOI)", ymd(2015, 1, 1)));
        assert!(!place_open("Holloway (HMP & YOI)", ymd(2017, 1, 1)));
        assert!(!place_open("Reading (HMP & YOI)", ymd(2014, 1, 1)));
        assert!(!place_open("Five Wells (HMP)", ymd(2021, 12, 31)));
        assert!(place_open("Five Wells (HMP)", ymd(2022, 12, 31)));
        assert!(place_open("Belmarsh (HMP)", ymd(2011, 1, 1)));
        assert!(place_open(
            "Westminster Magistrates' Court",
            ymd(2022, 12, 31)
        ));
        // Every dated place is listed somewhere, and its dates are in order.
        let places = all_places();
        for (name, opened, closed) in &PLACE_PERIODS {
            assert!(places.contains(name), "{name} is dated but not listed");
            assert!(opened.is_some() || closed.is_some(), "{name}");
            if let (Some(o), Some(c)) = (opened, closed) {
                assert!(day(*o) < day(*c), "{name}");
            }
            opened.map(day);
            closed.map(day);
        }
        // Every region has a men's prison, and there is a women's prison and a youth establishment,
        // open on each day of the data.
        for y in 2011..=2022 {
            for on in [ymd(y, 1, 1), ymd(y, 12, 31)] {
                for r in &REGIONS {
                    assert!(r.prisons.iter().any(|p| place_open(p, on)));
                }
                assert!(WOMENS_PRISONS.iter().any(|p| place_open(p, on)));
                assert!(YOUNG_OFFENDER_INSTITUTIONS
                    .iter()
                    .any(|p| place_open(p, on)));
            }
        }
    }

    #[test]
    fn release_types_have_their_periods() {
        for (name, w) in &RELEASE_TYPES {
            assert!(*w > 0.0, "{name}");
            assert!(release_type_in_use(name, ymd(2011, 1, 1)), "{name}");
        }
        for (name, from, until) in &RELEASE_TYPE_PERIODS {
            assert!(RELEASE_TYPES.iter().any(|(n, _)| n == name), "{name}");
            from.map(day);
            until.map(day);
        }
        assert!(release_type_in_use(
            "Home detention curfew",
            ymd(2022, 12, 31)
        ));
        assert!(!release_type_in_use(
            "Automatic unconditional release",
            ymd(2017, 1, 1)
        ));
        assert!(!release_type_in_use(
            "End of custody licence",
            ymd(2011, 1, 1)
        ));
        assert!(!release_type_in_use(
            "End of custody supervised licence",
            ymd(2022, 1, 1)
        ));
    }
}
