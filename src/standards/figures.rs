//! The figures Passerelle computes as evidence of a requirement, from the
//! assessed party's own data: shares of its volunteers, as a numerator and
//! a denominator, never names.

use chrono::NaiveDate;

use super::rules::Figure;
use crate::authorisations::rules::valid_sql;
use crate::db::Db;
use crate::error::AppResult;

/// Whose volunteers a figure counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counted {
    /// An organisation's, in all its establishments.
    Organisation(i64),
    /// An organisation's, in the establishments of one of its sections.
    Section(i64, i64),
    /// Every organisation's, in one prison (an administration assessing it).
    Establishment(i64),
}

impl Counted {
    /// The conditions on an activity (`t`) or an authorisation (`a`) row.
    fn conditions(self, table: &str) -> String {
        let establishment = if table == "t" {
            "t.establishment_id".to_owned()
        } else {
            "ae.establishment_id".to_owned()
        };
        let in_establishments = |set: String| {
            if table == "t" {
                format!("{establishment} IN ({set})")
            } else {
                format!(
                    "a.id IN (SELECT ae.authorisation_id FROM authorisation_establishments ae WHERE {establishment} IN ({set}))"
                )
            }
        };
        match self {
            Self::Organisation(org) => format!("{table}.organisation_id = {org}"),
            Self::Section(org, section) => format!(
                "{table}.organisation_id = {org} AND {}",
                in_establishments(format!(
                    "SELECT establishment_id FROM section_establishments WHERE section_id = {section}"
                ))
            ),
            Self::Establishment(id) => in_establishments(id.to_string()),
        }
    }
}

/// The figure for `counted` on `today`: (people counted, out of how many).
/// `qualification` is the one held, for the figures that count holders.
pub async fn compute(
    db: &Db,
    figure: Figure,
    counted: Counted,
    qualification: &str,
    today: NaiveDate,
) -> AppResult<(i64, i64)> {
    // $1 today; then a year ago and the qualification, where the figure uses them.
    let mut params = vec![today.to_string()];
    let mut param = |value: String| {
        params.push(value);
        format!("${}", params.len())
    };
    let active = |year_ago: &str| {
        format!(
            "SELECT DISTINCT t.person_id FROM activities t WHERE t.done_on > {year_ago} AND t.done_on <= $1 AND {}",
            counted.conditions("t")
        )
    };
    let authorised_people = format!(
        "SELECT DISTINCT a.person_id FROM authorisations a WHERE {} AND {}",
        valid_sql(1),
        counted.conditions("a")
    );
    let authorised = format!("p.person_id IN ({authorised_people})");
    let qualified = |name: &str| {
        format!(
            "EXISTS (SELECT 1 FROM qualifications q WHERE q.person_id = p.person_id AND q.name = {name} \
             AND q.granted_on <= $1 AND (q.expires_on IS NULL OR q.expires_on >= $1))"
        )
    };
    let year_ago = (today - chrono::Duration::days(365)).to_string();
    let (base, condition) = match figure {
        Figure::ActiveAuthorised => (active(&param(year_ago)), authorised),
        Figure::AuthorisedQualified => (authorised_people, qualified(&param(qualification.to_owned()))),
        Figure::ActiveAuthorisedQualified => {
            let base = active(&param(year_ago));
            (
                base,
                format!("{authorised} AND {}", qualified(&param(qualification.to_owned()))),
            )
        }
    };
    let sql = format!("SELECT COALESCE(SUM(CASE WHEN {condition} THEN 1 ELSE 0 END), 0), COUNT(*) FROM ({base}) p");
    let mut query = sqlx::query_as(&sql);
    for value in &params {
        query = query.bind(value);
    }
    let (numerator, denominator): (i64, i64) = query.fetch_one(&db.pool).await?;
    Ok((numerator, denominator))
}
