use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "letters")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub case_id: i32,
    pub kind: String,
    pub stage: Option<i16>,
    pub created_at: DateTimeUtc,
    pub created_by: Option<i32>,
    pub subject: String,
    pub body: String,
    pub large_print: bool,
    /// The version of the wording it was written with (0: Putright's own).
    pub template_version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
