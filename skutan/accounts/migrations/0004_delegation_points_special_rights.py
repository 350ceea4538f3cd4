import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_api_token_expiry_user_sessions"),
    ]

    operations = [
        migrations.RenameField(model_name="delegation", old_name="source", new_name="point"),
        migrations.AlterModelOptions(
            name='delegation',
            options={'ordering': ['decision_kind', 'valid_from', 'id'], 'verbose_name': 'delegationspunkt', 'verbose_name_plural': 'delegationspunkter'},
        ),
        migrations.AlterModelOptions(
            name='user',
            options={'verbose_name': 'användare', 'verbose_name_plural': 'användare'},
        ),
        migrations.AddField(
            model_name='delegation',
            name='created_at',
            field=models.DateTimeField(auto_now_add=True, null=True),
        ),
        migrations.AddField(
            model_name='delegation',
            name='legal_ground',
            field=models.CharField(blank=True, max_length=200, verbose_name='lagrum'),
        ),
        migrations.AddField(
            model_name='delegation',
            name='role',
            field=models.CharField(blank=True, choices=[('caseworker', 'Handläggare'), ('unit_manager', 'Enhetschef'), ('mobile_team', 'Mobilt team'), ('quality_officer', 'Kvalitetsansvarig'), ('log_reviewer', 'Loggranskare'), ('management', 'Ledning'), ('system_admin', 'Systemförvaltare')], max_length=32, verbose_name='roll'),
        ),
        migrations.AddField(
            model_name='delegation',
            name='source_body',
            field=models.CharField(blank=True, default='', max_length=160, verbose_name='beslutande organ'),
        ),
        migrations.AddField(
            model_name='delegation',
            name='source_date',
            field=models.DateField(blank=True, null=True, verbose_name='beslutsdatum'),
        ),
        migrations.AddField(
            model_name='delegation',
            name='source_paragraph',
            field=models.CharField(blank=True, default='', max_length=40, verbose_name='paragraf'),
        ),
        migrations.AddField(
            model_name='delegation',
            name='unit',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='delegations', to='accounts.unit', verbose_name='enhet'),
        ),
        migrations.AlterField(
            model_name='delegation',
            name='decision_kind',
            field=models.CharField(choices=[('ekonomiskt_bistand', 'Ekonomiskt bistånd')], max_length=64, verbose_name='beslutstyp'),
        ),
        migrations.AlterField(
            model_name='delegation',
            name='max_amount',
            field=models.DecimalField(blank=True, decimal_places=2, help_text='Tomt betyder utan beloppsgräns.', max_digits=12, null=True, verbose_name='högsta belopp (kr)'),
        ),
        migrations.AlterField(
            model_name='delegation',
            name='user',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='delegations', to=settings.AUTH_USER_MODEL, verbose_name='användare'),
        ),
        migrations.AlterField(
            model_name='delegation',
            name='valid_from',
            field=models.DateField(verbose_name='gäller från'),
        ),
        migrations.AlterField(
            model_name='delegation',
            name='valid_to',
            field=models.DateField(blank=True, null=True, verbose_name='gäller till och med'),
        ),
        migrations.CreateModel(
            name='SpecialRight',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('protected_address', 'Se skyddade adresser'), ('reporter_identity', 'Se sekretessbelagd anmälares identitet'), ('log_reviewer', 'Loggranskare'), ('emergency_access', 'Nödåtkomst')], max_length=32, verbose_name='behörighet')),
                ('valid_from', models.DateField(verbose_name='gäller från')),
                ('valid_to', models.DateField(verbose_name='gäller till och med')),
                ('reason', models.TextField(verbose_name='skäl')),
                ('granted_at', models.DateTimeField(auto_now_add=True, verbose_name='beviljad')),
                ('revoked_at', models.DateTimeField(blank=True, null=True, verbose_name='återkallad')),
                ('granted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='beviljad av')),
                ('revoked_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='special_rights', to='accounts.unit', verbose_name='enhet')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='special_rights', to=settings.AUTH_USER_MODEL, verbose_name='användare')),
            ],
            options={
                'verbose_name': 'särskild behörighet',
                'verbose_name_plural': 'särskilda behörigheter',
                'ordering': ['valid_to', 'id'],
                'indexes': [models.Index(fields=['user', 'kind'], name='accounts_sp_user_id_051ee7_idx')],
            },
        ),
    ]
