use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "case_remedies")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub case_id: i32,
    pub seq: i16,
    pub kind: String,
    pub description: Option<String>,
    pub amount_pence: Option<i64>,
    pub due_on: Option<Date>,
    pub owner_id: Option<i32>,
    pub state: String,
    pub state_on: Option<Date>,
    pub state_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
