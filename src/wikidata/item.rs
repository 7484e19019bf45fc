//! What newsls reads of a Wikibase entity's JSON (`wbgetentities`): its
//! labels, descriptions and aliases by language, the classes it is an
//! instance of (P31), and the positions it held (P39) with their dates.

use serde_json::Value;

use crate::syntax::Date;

/// "instance of"
pub const INSTANCE_OF: &str = "P31";
/// "position held"
pub const POSITION_HELD: &str = "P39";
/// "start time", "end time"
const START_TIME: &str = "P580";
const END_TIME: &str = "P582";
/// "of" and "employer": whom a position is held for.
const AFFILIATION_QUALIFIERS: [&str; 2] = ["P642", "P108"];

/// One item, as newsls uses it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Item {
    pub id: String,
    /// `(language, text)`, in the API's order.
    pub labels: Vec<(String, String)>,
    pub descriptions: Vec<(String, String)>,
    pub aliases: Vec<(String, String)>,
    /// The classes of "instance of", deprecated statements left out.
    pub classes: Vec<String>,
    /// "position held", deprecated statements left out.
    pub positions: Vec<Position>,
}

/// A "position held" statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Position {
    /// The position's item.
    pub item: String,
    pub start: Bound,
    pub end: Bound,
    /// The item of its "of" or "employer" qualifier.
    pub affiliation: Option<String>,
}

/// A start or end time qualifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    /// Not given.
    None,
    /// Given as unknown ("some value").
    Unknown,
    /// A time, to its precision.
    Time(Time),
}

/// A Wikibase time: a proleptic Gregorian date to some precision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Time {
    pub year: i32,
    pub month: u8,
    pub day: u8,
    pub precision: Precision,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Precision {
    Day,
    Month,
    Year,
    /// A decade or less precise.
    Coarser,
}

impl Time {
    /// The first day of the span the time names: the day itself, the
    /// first of its month, or 1 January of its year.
    pub fn first_day(self) -> Option<Date> {
        let (month, day) = match self.precision {
            Precision::Day => (self.month, self.day),
            Precision::Month => (self.month, 1),
            Precision::Year => (1, 1),
            Precision::Coarser => return None,
        };
        Date::parse(&format!("{:04}-{month:02}-{day:02}", self.year))
    }

    /// The first day after the span the time names.
    pub fn day_after(self) -> Option<Date> {
        let (year, month, day) = match self.precision {
            Precision::Day => return self.first_day(),
            Precision::Month if self.month == 12 => (self.year + 1, 1, 1),
            Precision::Month => (self.year, self.month + 1, 1),
            Precision::Year => (self.year + 1, 1, 1),
            Precision::Coarser => return None,
        };
        Date::parse(&format!("{year:04}-{month:02}-{day:02}"))
    }
}

/// Reads one entity of a `wbgetentities` answer.
pub fn read(id: &str, entity: &Value) -> Item {
    let claims = entity.get("claims");
    let statements = |property: &str| {
        claims
            .and_then(|c| c.get(property))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|s| s.get("rank").and_then(Value::as_str) != Some("deprecated"))
    };
    let classes = statements(INSTANCE_OF)
        .filter_map(|s| item_value(s.get("mainsnak")?))
        .collect();
    let positions = statements(POSITION_HELD)
        .filter_map(|s| {
            let item = item_value(s.get("mainsnak")?)?;
            let qualifiers = s.get("qualifiers");
            let qualifier = |property: &str| {
                qualifiers
                    .and_then(|q| q.get(property))
                    .and_then(Value::as_array)
                    .and_then(|snaks| snaks.first())
            };
            let bound = |property: &str| match qualifier(property) {
                None => Bound::None,
                Some(snak) => match snak.get("snaktype").and_then(Value::as_str) {
                    Some("value") => time_value(snak).map_or(Bound::Unknown, Bound::Time),
                    _ => Bound::Unknown,
                },
            };
            Some(Position {
                item,
                start: bound(START_TIME),
                end: bound(END_TIME),
                affiliation: AFFILIATION_QUALIFIERS
                    .iter()
                    .find_map(|p| qualifier(p).and_then(item_value)),
            })
        })
        .collect();
    Item {
        id: id.to_string(),
        labels: texts(entity.get("labels")),
        descriptions: texts(entity.get("descriptions")),
        aliases: entity
            .get("aliases")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .flat_map(|(language, list)| {
                list.as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|a| a.get("value").and_then(Value::as_str))
                    .map(|v| (language.clone(), v.to_string()))
            })
            .collect(),
        classes,
        positions,
    }
}

/// `{"en": {"language": "en", "value": "…"}}` as `(language, text)`s.
fn texts(map: Option<&Value>) -> Vec<(String, String)> {
    map.and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter_map(|(language, v)| Some((language.clone(), v.get("value")?.as_str()?.to_string())))
        .collect()
}

/// The item id a snak's value names (`id`, or only `numeric-id` in
/// answers from before 2016).
fn item_value(snak: &Value) -> Option<String> {
    let value = snak.get("datavalue")?.get("value")?;
    match value.get("id").and_then(Value::as_str) {
        Some(id) => Some(id.to_string()),
        None => Some(format!("Q{}", value.get("numeric-id")?.as_u64()?)),
    }
}

/// A snak's time value: `+2012-05-07T00:00:00Z` with its precision (11
/// day, 10 month, 9 year).
fn time_value(snak: &Value) -> Option<Time> {
    let value = snak.get("datavalue")?.get("value")?;
    let text = value.get("time")?.as_str()?;
    let precision = match value.get("precision")?.as_u64()? {
        11.. => Precision::Day,
        10 => Precision::Month,
        9 => Precision::Year,
        _ => Precision::Coarser,
    };
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.trim_start_matches('+')),
    };
    let date = text.split('T').next()?;
    let mut parts = date.splitn(3, '-');
    let year: i32 = parts.next()?.parse().ok()?;
    let month: u8 = parts.next()?.parse().ok()?;
    let day: u8 = parts.next()?.parse().ok()?;
    if negative || year > 9999 {
        return None;
    }
    Some(Time {
        year,
        month: month.max(1),
        day: day.max(1),
        precision,
    })
}

impl Item {
    /// The text of `texts` in the first of `languages` that has one.
    fn first<'a>(texts: &'a [(String, String)], languages: &[String]) -> Option<&'a str> {
        languages.iter().find_map(|language| {
            texts
                .iter()
                .find(|(l, _)| l == language)
                .map(|(_, t)| t.as_str())
        })
    }

    pub fn label(&self, languages: &[String]) -> Option<&str> {
        Item::first(&self.labels, languages)
    }

    pub fn description(&self, languages: &[String]) -> Option<&str> {
        Item::first(&self.descriptions, languages)
    }

    /// Other names in `languages`: the aliases, and labels in the other
    /// languages, each once.
    pub fn other_names(&self, languages: &[String]) -> Vec<&str> {
        let label = self.label(languages);
        let mut names: Vec<&str> = Vec::new();
        for language in languages {
            let labels = self.labels.iter().filter(|(l, _)| l == language);
            let aliases = self.aliases.iter().filter(|(l, _)| l == language);
            for (_, name) in labels.chain(aliases) {
                if Some(name.as_str()) != label && !names.contains(&name.as_str()) {
                    names.push(name);
                }
            }
        }
        names
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn time(text: &str, precision: u64) -> Value {
        json!({"snaktype": "value", "datavalue": {"value": {"time": text, "precision": precision}, "type": "time"}})
    }

    #[test]
    fn times_read_to_their_precision() {
        let day = time_value(&time("+2012-05-07T00:00:00Z", 11)).unwrap();
        assert_eq!(day.first_day().unwrap().to_string(), "2012-05-07");
        assert_eq!(day.day_after().unwrap().to_string(), "2012-05-07");
        let month = time_value(&time("+1999-12-00T00:00:00Z", 10)).unwrap();
        assert_eq!(month.first_day().unwrap().to_string(), "1999-12-01");
        assert_eq!(month.day_after().unwrap().to_string(), "2000-01-01");
        let year = time_value(&time("+1995-00-00T00:00:00Z", 9)).unwrap();
        assert_eq!(year.first_day().unwrap().to_string(), "1995-01-01");
        assert_eq!(year.day_after().unwrap().to_string(), "1996-01-01");
        let decade = time_value(&time("+1990-00-00T00:00:00Z", 8)).unwrap();
        assert_eq!(decade.first_day(), None);
        assert_eq!(time_value(&time("-0044-03-15T00:00:00Z", 11)), None);
    }
}
