//! How quality rules read on screen: the quality module's own title and explanation, so the
//! explorer and `check` say the same thing.

use crate::quality::Rule;

pub fn title(rule: Rule) -> &'static str {
    rule.title()
}

pub fn explanation(rule: Rule) -> &'static str {
    rule.explanation()
}
