use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "self_assessments")]
pub struct Model {
    /// The reporting year's first calendar year (2025 for 2025/26).
    #[sea_orm(primary_key, auto_increment = false)]
    pub year: i16,
    pub approved_by: i32,
    pub approved_by_name: String,
    pub approved_at: DateTimeUtc,
    /// The governing body's response.
    pub response: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
