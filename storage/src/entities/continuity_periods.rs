use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "continuity_periods")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub starts_on: Date,
    pub ends_on: Date,
    pub reason: String,
    pub approved_by: String,
    /// `stopped` or `extended` (`domain::calendar::ContinuityEffect::code`).
    pub effect: String,
    pub extra_working_days: Option<i32>,
    pub declared_by: i32,
    pub declared_at: DateTimeUtc,
    pub ombudsman_told_on: Option<Date>,
    /// How many residents with open cases were sent the notice.
    pub residents_told: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
