use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "policy_versions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub title: String,
    pub in_force_from: Date,
    pub summary: String,
    /// The version's figures as `domain::policy::Policy` serialises them.
    pub figures: Option<String>,
    /// When an administrator added it; `None` for a built-in version.
    pub added_at: Option<DateTimeUtc>,
    pub added_by: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
