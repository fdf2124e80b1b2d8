use serde::Deserialize;
use utoipa::ToSchema;
use validator::Validate;

/// Figures for a year that the system does not hold; absent ones stay as
/// they are.
#[derive(Debug, Clone, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnnualFiguresInput {
    #[validate(range(min = 0))]
    #[schema(example = 4583, minimum = 0)]
    pub appeals: Option<i64>,
    #[validate(range(min = 0))]
    #[schema(example = 481, minimum = 0)]
    pub examined_on_site: Option<i64>,
    #[validate(range(min = 0))]
    #[schema(minimum = 0)]
    pub recognized: Option<i64>,
}
