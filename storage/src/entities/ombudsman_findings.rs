use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ombudsman_findings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub case_id: i32,
    pub referral_seq: i16,
    pub seq: i16,
    /// `domain::ombudsman::Finding::code`.
    pub finding: String,
    pub about: Option<String>,
    /// The day of the determination it is part of.
    pub decided_on: Date,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
