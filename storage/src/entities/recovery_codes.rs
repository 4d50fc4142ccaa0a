use sea_orm::entity::prelude::*;

/// A one-time recovery code for the second factor (migration m0020).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "recovery_codes")]
pub struct Model {
    /// SHA-256 of the code as the person types it (without spaces or dashes, lower case).
    #[sea_orm(primary_key, auto_increment = false)]
    pub code_hash: String,
    pub user_id: i32,
    pub created_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
