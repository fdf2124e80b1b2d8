//! The domain's closed lists stored as their names in TEXT columns. The
//! rows carry the enums themselves, so a stored name is read back in one
//! place, here, and a name no variant has fails the read loudly instead of
//! travelling on as a string.

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql, Queryable};
use diesel::expression::AsExpression;
use diesel::internal::derives::as_expression::Bound;
use diesel::pg::Pg;
use diesel::serialize::{self, IsNull, Output, ToSql};
use diesel::sql_types::{Nullable, Text};
use diesel::sqlite::Sqlite;

use super::connection::MultiBackend;
use crate::domain::application::{ApplicationStatus, Channel, LossExtent, Relationship};
use crate::domain::distribution::{ListStatus, RowStatus};
use crate::domain::duplicates::{MatchKind, MatchStatus};
use crate::domain::review::{
    ApplicationOutcome, FoundLoss, InspectionOutcome, MemberOutcome, RefusalReason,
};
use crate::domain::stock::MovementKind;

/// A stored name no variant has: the database was written by something
/// other than this code, or by a version that knew more names.
fn unknown(kind: &str, name: &str) -> Box<dyn std::error::Error + Send + Sync> {
    format!("unknown stored {kind}: {name:?}").into()
}

macro_rules! stored_as_text {
    ($($ty:ident),+ $(,)?) => {$(
        impl AsExpression<Text> for $ty {
            type Expression = Bound<Text, Self>;
            fn as_expression(self) -> Self::Expression {
                Bound::new(self)
            }
        }

        impl AsExpression<Nullable<Text>> for $ty {
            type Expression = Bound<Nullable<Text>, Self>;
            fn as_expression(self) -> Self::Expression {
                Bound::new(self)
            }
        }

        impl<'a> AsExpression<Text> for &'a $ty {
            type Expression = Bound<Text, Self>;
            fn as_expression(self) -> Self::Expression {
                Bound::new(self)
            }
        }

        impl<'a> AsExpression<Nullable<Text>> for &'a $ty {
            type Expression = Bound<Nullable<Text>, Self>;
            fn as_expression(self) -> Self::Expression {
                Bound::new(self)
            }
        }

        impl ToSql<Text, Pg> for $ty {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
                <str as ToSql<Text, Pg>>::to_sql(self.as_str(), out)
            }
        }

        impl ToSql<Text, Sqlite> for $ty {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Sqlite>) -> serialize::Result {
                <str as ToSql<Text, Sqlite>>::to_sql(self.as_str(), out)
            }
        }

        impl ToSql<Text, MultiBackend> for $ty {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, MultiBackend>) -> serialize::Result {
                out.set_value((Text, self));
                Ok(IsNull::No)
            }
        }

        /// What a nullable column binds when the value is present.
        impl<DB> ToSql<Nullable<Text>, DB> for $ty
        where
            DB: Backend,
            $ty: ToSql<Text, DB>,
        {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
                <$ty as ToSql<Text, DB>>::to_sql(self, out)
            }
        }

        impl FromSql<Text, Pg> for $ty {
            fn from_sql(bytes: <Pg as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
                let name = <String as FromSql<Text, Pg>>::from_sql(bytes)?;
                $ty::from_stored(&name).ok_or_else(|| unknown(stringify!($ty), &name))
            }
        }

        impl FromSql<Text, Sqlite> for $ty {
            fn from_sql(bytes: <Sqlite as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
                let name = <String as FromSql<Text, Sqlite>>::from_sql(bytes)?;
                $ty::from_stored(&name).ok_or_else(|| unknown(stringify!($ty), &name))
            }
        }

        impl FromSql<Text, MultiBackend> for $ty {
            fn from_sql(bytes: <MultiBackend as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
                bytes.from_sql::<Self, Text>()
            }
        }

        impl<DB> Queryable<Text, DB> for $ty
        where
            DB: Backend,
            $ty: FromSql<Text, DB>,
        {
            type Row = Self;
            fn build(row: Self) -> deserialize::Result<Self> {
                Ok(row)
            }
        }
    )+};
}

stored_as_text!(
    ApplicationStatus,
    Channel,
    Relationship,
    LossExtent,
    MatchKind,
    MatchStatus,
    ListStatus,
    RowStatus,
    MovementKind,
    InspectionOutcome,
    FoundLoss,
    MemberOutcome,
    RefusalReason,
    ApplicationOutcome,
);
