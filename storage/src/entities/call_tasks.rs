use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "call_tasks")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub case_id: i32,
    pub letter_id: i32,
    pub subject: String,
    pub owner_id: Option<i32>,
    pub created_at: DateTimeUtc,
    pub done_at: Option<DateTimeUtc>,
    pub done_by: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
