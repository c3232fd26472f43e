"""The SQLAlchemy unit of work: one session, one transaction, committed once by the service."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy.orm import Session, sessionmaker

from samverka.adapters.db.account_repository import SqlAccountRepository
from samverka.adapters.db.admission_repository import SqlAdmissionRepository
from samverka.adapters.db.audit_repository import SqlAuditTrail
from samverka.adapters.db.catalogue_repository import SqlCatalogueRepository
from samverka.adapters.db.compensation_repository import SqlCompensationRepository
from samverka.adapters.db.register_repository import SqlRegisterRepository
from samverka.adapters.db.round_repository import SqlRoundRepository
from samverka.services.ports import (
    AccountRepository,
    AdmissionRepository,
    AuditTrail,
    CatalogueRepository,
    CompensationRepository,
    RegisterRepository,
    RoundRepository,
)


class SqlUnitOfWork:
    admission: AdmissionRepository
    catalogue: CatalogueRepository
    audit: AuditTrail
    rounds: RoundRepository
    accounts: AccountRepository
    compensation: CompensationRepository
    register: RegisterRepository

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._session_factory = session_factory

    def __enter__(self) -> Self:
        self.session = self._session_factory()
        self.admission = SqlAdmissionRepository(self.session)
        self.audit = SqlAuditTrail(self.session)
        self.catalogue = SqlCatalogueRepository(self.session)
        self.rounds = SqlRoundRepository(self.session)
        self.accounts = SqlAccountRepository(self.session)
        self.compensation = SqlCompensationRepository(self.session)
        self.register = SqlRegisterRepository(self.session)
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
        self.session.commit()
