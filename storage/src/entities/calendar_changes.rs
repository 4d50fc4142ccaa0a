use sea_orm::entity::prelude::*;

/// One change to the working-day calendar, and what it did to open complaints.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "calendar_changes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub changed_at: DateTimeUtc,
    /// The admin; `None` from the command line.
    pub changed_by: Option<i32>,
    /// `add`, `rename`, `remove` (closure days) or `import` (a GOV.UK file).
    pub change: String,
    pub summary: String,
    /// The calendar's version after the change.
    pub calendar_version: String,
    /// Open complaints counted again, once the recount is done.
    pub counted: Option<i32>,
    /// Of those, the ones whose next deadline moved.
    pub moved: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
