use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "housing_stock")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub year: i16,
    /// Low-cost rental homes.
    pub homes: i32,
    /// Low-cost home ownership homes, where the landlord has any.
    pub lcho_homes: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
