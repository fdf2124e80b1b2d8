use crate::domain::duplicates::Resolution;
use crate::domain::text;
use crate::error::AppError;
use crate::text_schema;
use serde::Deserialize;
use utoipa::ToSchema;
use validator::Validate;

#[derive(Debug, Deserialize, Validate, ToSchema)]
pub struct ResolveInput {
    pub resolution: Resolution,
    #[schema(schema_with = text_schema::optional::<2000>)]
    pub comment: Option<String>,
}

impl ResolveInput {
    /// The resolution and the comment, checked.
    pub fn parse(self) -> Result<(Resolution, Option<String>), AppError> {
        let comment = text::optional(self.comment.as_deref(), 2000)
            .map_err(|e| AppError::invalid_field(&["comment"], e))?;
        Ok((self.resolution, comment))
    }
}
