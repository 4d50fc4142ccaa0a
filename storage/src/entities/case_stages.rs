use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "case_stages")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub case_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub stage: i16,
    pub arrived_on: Date,
    pub day0: Date,
    pub owner_id: Option<i32>,
    pub contacted_on: Option<Date>,
    pub acknowledged_on: Option<Date>,
    pub extended_to: Option<Date>,
    pub extension_reason: Option<String>,
    pub extension_approved_by: Option<i32>,
    pub responded_on: Option<Date>,
    pub outcome: Option<String>,
    pub learning: Option<String>,
    pub closed_on: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
