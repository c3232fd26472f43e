"""The SQLAlchemy unit of work: one session, one transaction, committed once by the service.

A failure of the database that means "someone else is writing the same thing" leaves the unit
of work as a clear ``SamverkaError``, never as a driver error: SQLite's "database is locked"
after the busy timeout (and PostgreSQL's lock timeout) as ``DatabaseBusy``; a unique
constraint hit by a concurrent writer, a serialisation failure or a deadlock as
``ConcurrentChange``. The transaction is rolled back first, so nothing was saved.
"""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from samverka.admission.db.admission_repository import SqlAdmissionRepository
from samverka.admission.db.catalogue_repository import SqlCatalogueRepository
from samverka.admission.db.round_repository import SqlRoundRepository
from samverka.admission.ports import AdmissionRepository, CatalogueRepository, RoundRepository
from samverka.admission.ports import UnitOfWork as AdmissionUnitOfWork
from samverka.association.board.db.repository import SqlBoardRepository
from samverka.association.board.ports import BoardRepository
from samverka.association.board.ports import UnitOfWork as BoardUnitOfWork
from samverka.association.fees.db.repository import SqlMemberFeeRepository
from samverka.association.fees.ports import MemberFeeRepository
from samverka.association.fees.ports import UnitOfWork as FeesUnitOfWork
from samverka.association.grants.db.repository import SqlStateGrantRepository
from samverka.association.grants.ports import StateGrantRepository
from samverka.association.grants.ports import UnitOfWork as GrantsUnitOfWork
from samverka.association.plan.db.repository import SqlOperationsPlanRepository
from samverka.association.plan.ports import OperationsPlanRepository
from samverka.association.plan.ports import UnitOfWork as PlanUnitOfWork
from samverka.compensation.db.compensation_repository import SqlCompensationRepository
from samverka.compensation.db.terms_repository import SqlCompensationTermsRepository
from samverka.compensation.ports import CompensationRepository, CompensationTermsRepository
from samverka.compensation.ports import UnitOfWork as CompensationUnitOfWork
from samverka.errors import N_, ConcurrentChange, DatabaseBusy
from samverka.platform.access.db.account_repository import SqlAccountRepository
from samverka.platform.access.db.api_token_repository import SqlApiTokenRepository
from samverka.platform.access.db.sign_in_throttle_repository import SqlSignInThrottleRepository
from samverka.platform.access.db.web_session_repository import SqlWebSessionRepository
from samverka.platform.access.ports import (
    AccountRepository,
    ApiTokenRepository,
    SignInThrottleRepository,
    WebSessionRepository,
)
from samverka.platform.access.ports import UnitOfWork as AccessUnitOfWork
from samverka.platform.db.audit_repository import SqlAuditTrail
from samverka.platform.db.writer_locks import Checkpoint, SqlWriterLocks, no_checkpoint
from samverka.platform.ports import AuditTrail, WriterLocks
from samverka.register.db.register_repository import SqlRegisterRepository
from samverka.register.ports import RegisterRepository
from samverka.register.ports import UnitOfWork as RegisterUnitOfWork


class SqlUnitOfWork:
    admission: AdmissionRepository
    catalogue: CatalogueRepository
    audit: AuditTrail
    rounds: RoundRepository
    accounts: AccountRepository
    compensation: CompensationRepository
    compensation_terms: CompensationTermsRepository
    register: RegisterRepository
    member_fees: MemberFeeRepository
    state_grants: StateGrantRepository
    operations_plan: OperationsPlanRepository
    board: BoardRepository
    locks: WriterLocks
    web_sessions: WebSessionRepository
    sign_in_throttle: SignInThrottleRepository
    api_tokens: ApiTokenRepository

    def __init__(
        self, session_factory: sessionmaker[Session], checkpoint: Checkpoint | None = None
    ) -> None:
        self._session_factory = session_factory
        self._checkpoint = checkpoint or no_checkpoint

    def __enter__(self) -> Self:
        self.session = self._session_factory()
        self.admission = SqlAdmissionRepository(self.session)
        self.audit = self._audit_trail = SqlAuditTrail(self.session)
        self.catalogue = SqlCatalogueRepository(self.session)
        self.rounds = SqlRoundRepository(self.session)
        self.accounts = SqlAccountRepository(self.session)
        self.compensation = SqlCompensationRepository(self.session)
        self.compensation_terms = SqlCompensationTermsRepository(self.session)
        self.register = SqlRegisterRepository(self.session)
        self.member_fees = SqlMemberFeeRepository(self.session)
        self.state_grants = SqlStateGrantRepository(self.session)
        self.operations_plan = SqlOperationsPlanRepository(self.session)
        self.board = SqlBoardRepository(self.session)
        self._locks = SqlWriterLocks(self.session, self._checkpoint)
        self.locks = self._locks
        self.web_sessions = SqlWebSessionRepository(self.session)
        self.sign_in_throttle = SqlSignInThrottleRepository(self.session)
        self.api_tokens = SqlApiTokenRepository(self.session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.session.rollback()
        self.session.close()
        if isinstance(exc, DBAPIError):
            clear = _clear_error(exc)
            if clear is not None:
                raise clear from exc

    def commit(self) -> None:
        """Pass the writers' last pause point, write the audit events recorded in this unit of
        work (which takes the audit chain's head: the last lock a transaction takes, after any
        writer lock), then commit."""
        self._locks.before_commit()
        self._audit_trail.flush()
        self.session.commit()


BUSY = ("database is locked", "database table is locked", "lock timeout", "could not obtain lock")
CONCURRENT = ("could not serialize", "deadlock detected")
UNIQUE = ("unique constraint", "duplicate key value")


def _clear_error(error: DBAPIError) -> ConcurrentChange | DatabaseBusy | None:
    text = str(error.orig).lower()
    if isinstance(error, OperationalError) and any(words in text for words in BUSY):
        return DatabaseBusy(
            N_(
                "Databasen var upptagen av en annan skrivning längre än den väntar; inget "
                "sparades. Försök igen om en stund."
            )
        )
    if any(words in text for words in CONCURRENT) or (
        isinstance(error, IntegrityError) and any(words in text for words in UNIQUE)
    ):
        return ConcurrentChange(
            N_(
                "Någon annan sparade samma sak samtidigt; inget av detta sparades. Se efter vad "
                "som gäller nu och gör om det om det fortfarande behövs."
            )
        )
    return None


def satisfies_every_context(
    uow: SqlUnitOfWork,
) -> tuple[
    AdmissionUnitOfWork,
    RegisterUnitOfWork,
    CompensationUnitOfWork,
    FeesUnitOfWork,
    GrantsUnitOfWork,
    PlanUnitOfWork,
    BoardUnitOfWork,
    AccessUnitOfWork,
]:
    """Nothing at run time: ``mypy --strict`` checks here that the one SQL unit of work satisfies
    each context's ``UnitOfWork`` protocol, which the services are typed with and which the pages
    and commands (given the unit of work by the platform without its type) rely on."""
    return uow, uow, uow, uow, uow, uow, uow, uow
