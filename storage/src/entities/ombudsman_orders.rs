use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ombudsman_orders")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub case_id: i32,
    pub referral_seq: i16,
    pub seq: i16,
    /// `domain::ombudsman::OrderKind::code`.
    pub kind: String,
    pub what: String,
    pub due_on: Date,
    pub owner_id: Option<i32>,
    pub complied_on: Option<Date>,
    /// The day of the determination that made it.
    pub decided_on: Date,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
