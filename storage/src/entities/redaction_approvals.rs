use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "redaction_approvals")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub case_id: i32,
    pub approved_by: Option<i32>,
    pub approved_by_name: String,
    pub approved_at: DateTimeUtc,
    pub fingerprint: String,
    /// The redacted file as approved (JSON).
    #[sea_orm(column_type = "Text")]
    pub content: String,
    /// The shared files approved with it (JSON: token and SHA-256 of the panel's copy).
    #[sea_orm(column_type = "Text")]
    pub files: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
