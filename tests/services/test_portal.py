import json
from io import StringIO

import pytest
from django.core.management import call_command

from tinhso.core.errors import ActionError
from tinhso.services import actions
from tinhso.services.models import PortalSyncEvent


def test_each_dossier_change_writes_one_portal_payload(submit, ward_staff):
    dossier = submit()
    actions.do_receive(dossier, acting_user=ward_staff["receptionist"])
    statuses = [e.payload["TrangThaiHoSo"] for e in PortalSyncEvent.objects.filter(dossier=dossier)]
    assert statuses == ["1", "2"]
    received = PortalSyncEvent.objects.last().payload
    assert received["NgayTiepNhan"] and received["NgayHenTra"] > received["NgayTiepNhan"]


def test_a_refused_action_writes_no_payload(submit, ward_staff):
    dossier = submit()
    before = PortalSyncEvent.objects.count()
    with pytest.raises(ActionError):  # a refusal needs a reason: nothing changes
        actions.do_refuse(dossier, acting_user=ward_staff["receptionist"], note="")
    assert PortalSyncEvent.objects.count() == before


def test_export_writes_json_lines_and_marks_them_sent(submit, ward_staff):
    dossier = submit()
    out = StringIO()
    call_command("export_portal_sync", "--unsent", "--mark-sent", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["MaHoSo"] for line in lines] == [dossier.code]
    out = StringIO()
    call_command("export_portal_sync", "--unsent", stdout=out)
    assert out.getvalue() == ""


def test_push_posts_to_the_portal(submit, settings, django_capture_on_commit_callbacks):
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    received = []

    class Portal(BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Portal)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.PORTAL_SYNC_URL = f"http://127.0.0.1:{server.server_port}/sync"
    try:
        with django_capture_on_commit_callbacks(execute=True):
            dossier = submit()
    finally:
        server.shutdown()
        server.server_close()
    assert [r["MaHoSo"] for r in received] == [dossier.code]
    assert PortalSyncEvent.objects.get().sent_at is not None
