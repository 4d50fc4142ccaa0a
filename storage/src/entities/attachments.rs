use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "attachments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub case_id: i32,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    #[sea_orm(unique)]
    pub storage_key: String,
    pub shareable: bool,
    pub uploaded_by: Option<i32>,
    pub uploaded_at: DateTimeUtc,
    /// The file's address (`/files/{token}`): 128 random bits, hexadecimal.
    #[sea_orm(unique)]
    pub token: String,
    /// The copy a panel member gets, once the file is shared (see `crate::cleaning`).
    pub shared_storage_key: Option<String>,
    pub shared_sha256: Option<String>,
    pub shared_size: Option<i64>,
    /// What was done to make it safe: `cleaned:<what>` or `unchecked`.
    pub shared_cleaning: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
