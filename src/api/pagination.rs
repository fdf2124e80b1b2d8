use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::error::AppError;

/// `?page=1&per_page=50`: pages count from 1, at most 200 rows a page so a
/// list of 180,000 people is never sent in one answer.
#[derive(Debug, Clone, Copy, Deserialize, Validate, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    #[validate(range(min = 1, message = "Номер страницы начинается с 1"))]
    #[param(minimum = 1)]
    pub page: Option<i64>,
    #[validate(range(min = 1, max = 200, message = "На странице от 1 до 200 записей"))]
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<i64>,
}

impl PageQuery {
    pub const DEFAULT_PER_PAGE: i64 = 50;

    pub fn resolve(self) -> Result<PageRequest, AppError> {
        self.validate()?;
        let page = self.page.unwrap_or(1);
        let per_page = self.per_page.unwrap_or(Self::DEFAULT_PER_PAGE);
        Ok(PageRequest { page, per_page })
    }
}

#[derive(Debug, Clone, Copy)]
pub struct PageRequest {
    pub page: i64,
    pub per_page: i64,
}

impl PageRequest {
    pub fn offset(self) -> i64 {
        (self.page - 1).saturating_mul(self.per_page)
    }

    pub fn wrap<T>(self, items: Vec<T>, total: i64) -> Paginated<T> {
        Paginated {
            items,
            total,
            page: self.page,
            per_page: self.per_page,
        }
    }
}

/// Every list answer has this shape.
#[derive(Debug, Serialize, ToSchema)]
pub struct Paginated<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}
