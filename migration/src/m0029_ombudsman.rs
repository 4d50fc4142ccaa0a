//! The Housing Ombudsman's casework (`domain::ombudsman`), projected from each complaint's
//! state as the stages and remedies are: every referral, every finding of their
//! determinations, and every order or recommendation with its owner, due date and
//! compliance. The work queue reads outstanding orders by owner; the reports read findings
//! and orders by the date of the determination.
//!
//! Referrals recorded before this migration (one at most a case, with no reference,
//! findings or orders) are copied from the stored state.

use sea_orm_migration::{prelude::*, schema::*, sea_orm::DatabaseBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let case_fk = |table: TableRef, column: DynIden| {
            ForeignKey::create()
                .from(table, column)
                .to(Cases::Table, Cases::Id)
                .on_delete(ForeignKeyAction::Cascade)
                .to_owned()
        };
        manager
            .create_table(
                Table::create()
                    .table(Referrals::Table)
                    .col(pk_auto(Referrals::Id))
                    .col(integer(Referrals::CaseId))
                    .col(small_integer(Referrals::Seq))
                    .col(string_len_null(Referrals::TheirReference, 30))
                    .col(date(Referrals::ReferredOn))
                    .col(string_len(Referrals::Stage, 20))
                    .col(date_null(Referrals::DecidedOn))
                    .foreign_key(&mut case_fk(
                        Referrals::Table.into_table_ref(),
                        Referrals::CaseId.into_iden(),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Findings::Table)
                    .col(pk_auto(Findings::Id))
                    .col(integer(Findings::CaseId))
                    .col(small_integer(Findings::ReferralSeq))
                    .col(small_integer(Findings::Seq))
                    .col(string_len(Findings::Finding, 30))
                    .col(text_null(Findings::About))
                    .col(date(Findings::DecidedOn))
                    .foreign_key(&mut case_fk(
                        Findings::Table.into_table_ref(),
                        Findings::CaseId.into_iden(),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Orders::Table)
                    .col(pk_auto(Orders::Id))
                    .col(integer(Orders::CaseId))
                    .col(small_integer(Orders::ReferralSeq))
                    .col(small_integer(Orders::Seq))
                    .col(string_len(Orders::Kind, 20))
                    .col(text(Orders::What))
                    .col(date(Orders::DueOn))
                    .col(integer_null(Orders::OwnerId))
                    .col(date_null(Orders::CompliedOn))
                    .col(date(Orders::DecidedOn))
                    .foreign_key(&mut case_fk(
                        Orders::Table.into_table_ref(),
                        Orders::CaseId.into_iden(),
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, table, columns) in [
            (
                "ombudsman_referrals_case",
                Referrals::Table.into_iden(),
                vec![Referrals::CaseId.into_iden(), Referrals::Seq.into_iden()],
            ),
            (
                "ombudsman_referrals_referred_on",
                Referrals::Table.into_iden(),
                vec![Referrals::ReferredOn.into_iden()],
            ),
            (
                "ombudsman_findings_case",
                Findings::Table.into_iden(),
                vec![Findings::CaseId.into_iden()],
            ),
            (
                "ombudsman_findings_decided_on",
                Findings::Table.into_iden(),
                vec![Findings::DecidedOn.into_iden()],
            ),
            (
                "ombudsman_orders_case",
                Orders::Table.into_iden(),
                vec![Orders::CaseId.into_iden()],
            ),
            (
                "ombudsman_orders_decided_on",
                Orders::Table.into_iden(),
                vec![Orders::DecidedOn.into_iden()],
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(table);
            for column in columns {
                index.col(column);
            }
            manager.create_index(index.to_owned()).await?;
        }
        let db = manager.get_connection();
        // The owner's outstanding orders, soonest due first.
        db.execute_unprepared(
            "CREATE INDEX ombudsman_orders_owed ON ombudsman_orders \
             (owner_id, due_on, id) WHERE complied_on IS NULL",
        )
        .await?;
        let (referred, decided) = match manager.get_database_backend() {
            DatabaseBackend::Postgres => (
                "(state::json -> 'ombudsman' ->> 'referred_on')::date",
                "(state::json -> 'ombudsman' ->> 'decided_on')::date",
            ),
            _ => (
                "json_extract(state, '$.ombudsman.referred_on')",
                "json_extract(state, '$.ombudsman.decided_on')",
            ),
        };
        db.execute_unprepared(&format!(
            "INSERT INTO ombudsman_referrals \
             (case_id, seq, their_reference, referred_on, stage, decided_on) \
             SELECT id, 0, NULL, {referred}, \
             CASE WHEN {decided} IS NULL THEN 'referred' ELSE 'determined' END, {decided} \
             FROM cases WHERE state LIKE '%\"ombudsman\":{{%'"
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Orders::Table.into_iden(),
            Findings::Table.into_iden(),
            Referrals::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Cases {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Referrals {
    #[sea_orm(iden = "ombudsman_referrals")]
    Table,
    Id,
    CaseId,
    Seq,
    TheirReference,
    ReferredOn,
    Stage,
    DecidedOn,
}

#[derive(DeriveIden)]
enum Findings {
    #[sea_orm(iden = "ombudsman_findings")]
    Table,
    Id,
    CaseId,
    ReferralSeq,
    Seq,
    Finding,
    About,
    DecidedOn,
}

#[derive(DeriveIden)]
enum Orders {
    #[sea_orm(iden = "ombudsman_orders")]
    Table,
    Id,
    CaseId,
    ReferralSeq,
    Seq,
    Kind,
    What,
    DueOn,
    OwnerId,
    CompliedOn,
    DecidedOn,
}
