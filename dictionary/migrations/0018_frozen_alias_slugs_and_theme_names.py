"""Editions freeze their aliases' slugs (EditionAlias), so that readers' redirects and links
read no draft; a theme's name and slug say they are fixed once published. Existing editions
kept only the alias names: each gets its rows from those names, with the slug of the
entry's alias of that name where it has one (the slug the reader's URL answered to until
now), else the slug made from the name."""

import django.db.models.deletion
from django.db import migrations, models

import dictionary.text

from dictionary.text import fold, make_slug

BATCH = 2000


def freeze_alias_slugs(apps, schema_editor):
    Alias = apps.get_model("dictionary", "Alias")
    Edition = apps.get_model("dictionary", "Edition")
    EditionAlias = apps.get_model("dictionary", "EditionAlias")
    slugs = {
        (entry_id, name): slug
        for entry_id, name, slug in Alias.objects.values_list("entry_id", "name", "slug")
    }
    editions = Edition.objects.order_by("id").values_list("id", "entry_id", "aliases")
    rows = []
    for edition_id, entry_id, names in editions.iterator(chunk_size=BATCH):
        for name in dict.fromkeys(names or []):
            slug = slugs.get((entry_id, name)) or make_slug(name)
            rows.append(
                EditionAlias(edition_id=edition_id, name=name, match_key=fold(name), slug=slug)
            )
        if len(rows) >= BATCH:
            EditionAlias.objects.bulk_create(rows)
            rows = []
    EditionAlias.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [
        ("dictionary", "0017_typed_text_refuses_control_characters"),
    ]

    operations = [
        migrations.CreateModel(
            name="EditionAlias",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=255, verbose_name="name")),
                (
                    "match_key",
                    models.CharField(
                        help_text="The name folded.", max_length=255, verbose_name="match key"
                    ),
                ),
                ("slug", models.SlugField(db_index=False, max_length=200, verbose_name="slug")),
                (
                    "edition",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="alias_rows",
                        to="dictionary.edition",
                        verbose_name="edition",
                    ),
                ),
            ],
            options={
                "verbose_name": "edition alias",
                "verbose_name_plural": "edition aliases",
                "ordering": ["edition_id", "name"],
                "indexes": [
                    models.Index(fields=["slug"], name="edition_alias_slug"),
                    models.Index(fields=["match_key"], name="edition_alias_match_key"),
                ],
            },
        ),
        migrations.RunPython(freeze_alias_slugs, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="theme",
            name="name",
            field=models.CharField(
                help_text="Fixed once an edition filed under the theme is published.",
                max_length=120,
                unique=True,
                validators=[dictionary.text.refuse_control_characters],
                verbose_name="name",
            ),
        ),
        migrations.AlterField(
            model_name="theme",
            name="slug",
            field=models.SlugField(
                help_text="Used in URLs. Fixed once an edition filed under the theme is published.",
                max_length=120,
                unique=True,
                verbose_name="slug",
            ),
        ),
    ]
