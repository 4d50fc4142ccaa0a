//! The annual self-assessment against the Complaint Handling Code
//! (`domain::self_assessment`): each reporting year's answers, provision by provision, and
//! its approval by the board member with the governing body's response, which publishes it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SelfAssessments::Table)
                    .if_not_exists()
                    .col(small_integer(SelfAssessments::Year).primary_key())
                    .col(integer(SelfAssessments::ApprovedBy))
                    .col(text(SelfAssessments::ApprovedByName))
                    .col(timestamp_with_time_zone(SelfAssessments::ApprovedAt))
                    .col(text(SelfAssessments::Response))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(SelfAssessmentAnswers::Table)
                    .if_not_exists()
                    .col(small_integer(SelfAssessmentAnswers::Year))
                    .col(string_len(SelfAssessmentAnswers::Provision, 8))
                    .col(boolean_null(SelfAssessmentAnswers::Complies))
                    .col(text(SelfAssessmentAnswers::Evidence))
                    .col(text(SelfAssessmentAnswers::Commentary))
                    .col(string_len(SelfAssessmentAnswers::Source, 16))
                    .col(text(SelfAssessmentAnswers::AnsweredByName))
                    .col(timestamp_with_time_zone(SelfAssessmentAnswers::AnsweredAt))
                    .primary_key(
                        Index::create()
                            .col(SelfAssessmentAnswers::Year)
                            .col(SelfAssessmentAnswers::Provision),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SelfAssessmentAnswers::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(SelfAssessments::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum SelfAssessments {
    Table,
    Year,
    ApprovedBy,
    ApprovedByName,
    ApprovedAt,
    Response,
}

#[derive(DeriveIden)]
enum SelfAssessmentAnswers {
    Table,
    Year,
    Provision,
    Complies,
    Evidence,
    Commentary,
    Source,
    AnsweredByName,
    AnsweredAt,
}
