import django.db.models.deletion
from django.db import migrations, models


def drop_old_pending_signups(apps, schema_editor):
    # Before 0004 a sign-up was an inactive account; its codes cannot move to the new
    # table (they were bound to the account). Such sign-ups simply start again.
    apps.get_model("accounts", "PhoneVerification").objects.all().delete()
    apps.get_model("accounts", "User").objects.filter(
        is_active=False, phone_verified_at=None, last_login=None, kind__in=["citizen", "business"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_sso_clients")]

    operations = [
        migrations.RunPython(drop_old_pending_signups, migrations.RunPython.noop),
        migrations.CreateModel(
            name="PendingSignup",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("phone", models.CharField(db_index=True, max_length=16)),
                ("full_name", models.CharField(max_length=150)),
                ("email", models.EmailField(blank=True, max_length=254)),
                ("citizen_id", models.CharField(blank=True, max_length=12)),
                ("kind", models.CharField(choices=[("citizen", "Công dân"), ("business", "Đại diện doanh nghiệp, tổ chức"), ("official", "Cán bộ, công chức")], max_length=10)),
                ("language", models.CharField(default="vi", max_length=5)),
                ("password", models.CharField(max_length=128)),
                ("phone_taken", models.BooleanField(default=False)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
            ],
        ),
        migrations.RemoveField(model_name="phoneverification", name="user"),
        migrations.AddField(
            model_name="phoneverification",
            name="signup",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="phone_verifications",
                to="accounts.pendingsignup",
            ),
            preserve_default=False,
        ),
    ]
