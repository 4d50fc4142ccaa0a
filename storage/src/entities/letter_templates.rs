use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "letter_templates")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    /// `domain::letters::LetterKind`'s code.
    pub kind: String,
    pub version: i32,
    /// The passages changed from Putright's own (`domain::letters::template::LetterTemplate`'s
    /// `texts`), as JSON.
    pub texts: String,
    pub saved_at: DateTimeUtc,
    pub saved_by: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
