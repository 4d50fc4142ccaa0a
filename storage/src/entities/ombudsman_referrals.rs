use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ombudsman_referrals")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub case_id: i32,
    /// Its place among the case's referrals, oldest first from 0.
    pub seq: i16,
    pub their_reference: Option<String>,
    pub referred_on: Date,
    /// `domain::ombudsman::TheirStage::code`.
    pub stage: String,
    pub decided_on: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
