"""The demo province on the data-exchange axis: Tỉnh số's own systems, three other
members' systems (served by the demo provider process, tinhso/exchange/demo_provider.py,
which scripts/demo.sh starts beside the platform) and the rights between them.

    UBND tỉnh Bình An       MOTCUA (the one-stop system), IOC
    Công an tỉnh            CSDLDANCU → population  (the desk looks applicants up)
    Sở NN và Môi trường     QUANTRAC  → air         (the IOC reads PM2.5)
    Văn phòng Chính phủ     DVCQG     → sync        (dossier changes for the national portal)
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from tinhso.accounts.models import User
from tinhso.core.models import OrgUnit
from tinhso.exchange import actions
from tinhso.exchange.models import AccessRight, Member, MemberClass, Service, Subsystem

PROVINCE = "000.00.00.H99"
POLICE = "000.00.50.H99"
ENVIRONMENT = "000.00.33.H99"
GOVERNMENT_OFFICE = "000.00.00.G22"  # outside the province's tree


def _member(code: str, name: str, admin: User) -> Member:
    found = Member.objects.filter(member_class=MemberClass.GOV, code=code).first()
    if found:
        return found
    return actions.do_register_member(
        member_class=MemberClass.GOV,
        code=code,
        name=name,
        org_unit=OrgUnit.objects.filter(identifier=code).first(),
        acting_user=admin,
    )


def _subsystem(member: Member, code: str, name: str, admin: User) -> Subsystem:
    found = member.subsystems.filter(code=code).first()
    return found or actions.do_register_subsystem(member, code=code, name=name, acting_user=admin)


def _service(subsystem: Subsystem, code: str, name: str, admin: User) -> Service:
    found = subsystem.services.filter(code=code).first()
    if found:
        return found
    return actions.do_register_service(
        subsystem,
        code=code,
        name=name,
        base_url=settings.EXCHANGE_DEMO_PROVIDER_URL,
        timeout_seconds=10,
        acting_user=admin,
    )


def _grant(service: Service, client: Subsystem, method: str, path: str, admin: User) -> None:
    if not AccessRight.objects.filter(service=service, client=client, method=method).exists():
        actions.do_grant_access(service, client, method=method, path=path, acting_user=admin)


def load(log: Any) -> None:
    admin = User.objects.filter(phone="+84901000001").first()  # the system administrator
    if admin is None:
        log("Trục liên thông: chưa có quản trị hệ thống demo, bỏ qua")
        return
    province = _member(PROVINCE, "Ủy ban nhân dân tỉnh Bình An", admin)
    desk = _subsystem(province, "MOTCUA", "Hệ thống thông tin giải quyết TTHC tỉnh", admin)
    ioc = _subsystem(province, "IOC", "Trung tâm giám sát, điều hành thông minh", admin)
    police = _subsystem(_member(POLICE, "Công an tỉnh", admin), "CSDLDANCU", "CSDL dân cư", admin)
    environment = _member(ENVIRONMENT, "Sở Nông nghiệp và Môi trường", admin)
    monitoring = _subsystem(environment, "QUANTRAC", "Quan trắc môi trường tự động", admin)
    portal = _subsystem(
        _member(GOVERNMENT_OFFICE, "Văn phòng Chính phủ", admin),
        "DVCQG",
        "Cổng Dịch vụ công quốc gia",
        admin,
    )
    population = _service(police, "population", "Tra cứu công dân", admin)
    air = _service(monitoring, "air", "Chất lượng không khí", admin)
    sync = _service(portal, "sync", "Đồng bộ hồ sơ thủ tục hành chính", admin)
    _grant(population, desk, "GET", "/citizens", admin)
    _grant(sync, desk, "POST", "/dossiers", admin)
    _grant(air, ioc, "GET", "/air", admin)
    log(
        f"Trục liên thông: {Member.objects.count()} thành viên, {Subsystem.objects.count()} "
        f"hệ thống, {Service.objects.count()} dịch vụ (bên cung cấp demo: "
        f"{settings.EXCHANGE_DEMO_PROVIDER_URL})"
    )
