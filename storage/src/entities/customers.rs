use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "customers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: Option<i32>,
    pub name: String,
    pub describes_you: String,
    pub describes_you_other: Option<String>,
    pub phone: String,
    pub email: Option<String>,
    pub preferred_contact: Option<String>,
    pub adjustments_other: Option<String>,
    pub address: Option<String>,
    pub postcode: Option<String>,
    pub created_at: DateTimeUtc,
    /// When their details were erased with their last case (`domain::retention`).
    pub erased_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
