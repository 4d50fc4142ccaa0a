use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "customer_flags")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub customer_id: i32,
    pub flag: String,
    pub kind: String,
    pub detail: Option<String>,
    pub reason: String,
    pub decided_on: Date,
    pub review_on: Date,
    pub decided_by_id: Option<i32>,
    pub decided_by: String,
    pub decided_at: DateTimeUtc,
    pub ended_at: Option<DateTimeUtc>,
    pub ended_by: Option<String>,
    pub ended_how: Option<String>,
    pub ended_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
