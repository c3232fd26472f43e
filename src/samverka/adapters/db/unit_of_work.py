"""The SQLAlchemy unit of work: one session, one transaction, committed once by the service."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy.orm import Session, sessionmaker

from samverka.adapters.db.account_repository import SqlAccountRepository
from samverka.adapters.db.admission_repository import SqlAdmissionRepository
from samverka.adapters.db.audit_repository import SqlAuditTrail
from samverka.adapters.db.board_repository import SqlBoardRepository
from samverka.adapters.db.catalogue_repository import SqlCatalogueRepository
from samverka.adapters.db.compensation_repository import SqlCompensationRepository
from samverka.adapters.db.compensation_terms_repository import SqlCompensationTermsRepository
from samverka.adapters.db.member_fee_repository import SqlMemberFeeRepository
from samverka.adapters.db.operations_plan_repository import SqlOperationsPlanRepository
from samverka.adapters.db.register_repository import SqlRegisterRepository
from samverka.adapters.db.round_repository import SqlRoundRepository
from samverka.adapters.db.state_grant_repository import SqlStateGrantRepository
from samverka.services.board_ports import BoardRepository
from samverka.services.compensation_ports import CompensationTermsRepository
from samverka.services.member_fee_ports import MemberFeeRepository
from samverka.services.operations_plan_ports import OperationsPlanRepository
from samverka.services.ports import (
    AccountRepository,
    AdmissionRepository,
    AuditTrail,
    CatalogueRepository,
    CompensationRepository,
    RegisterRepository,
    RoundRepository,
)
from samverka.services.state_grant_ports import StateGrantRepository


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

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._session_factory = session_factory

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
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.session.rollback()
        self.session.close()

    def commit(self) -> None:
        """Write the audit events recorded in this unit of work (which takes the audit chain's
        head: the last lock a transaction takes), then commit."""
        self._audit_trail.flush()
        self.session.commit()
