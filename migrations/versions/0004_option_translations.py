"""Translations of product option names and values, and of media alt texts.

Rows in `translations` as for titles: `ProductOption` resources with the fields `name` and
`values` (a JSON object from each value in the store's default language to its
translation, so values that variants add later simply fall back), `Media` resources with
`alt_text`.

Revision ID: 0004
Revises: 0002
"""

from alembic import op

revision = "0004"
down_revision = "0002"
branch_labels = None
depends_on = None

FIELDS = ["title", "description", "description_html", "seo_title", "seo_description", "handle"]
TYPES = ["Product", "ProductVariant", "Category", "Collection"]
NEW_FIELDS = ["name", "values", "alt_text"]
NEW_TYPES = ["ProductOption", "Media"]


def _checks(fields: list[str], types: list[str]) -> list[str]:
    field_list = ", ".join(f"'{f}'" for f in fields)
    type_list = ", ".join(f"'{t}'" for t in types)
    return [
        "ALTER TABLE translations DROP CONSTRAINT translations_field_check",
        "ALTER TABLE translations DROP CONSTRAINT translations_resource_type_check",
        f"ALTER TABLE translations ADD CONSTRAINT translations_field_check "
        f"CHECK (field IN ({field_list}))",
        f"ALTER TABLE translations ADD CONSTRAINT translations_resource_type_check "
        f"CHECK (resource_type IN ({type_list}))",
    ]


def upgrade() -> None:
    for statement in _checks(FIELDS + NEW_FIELDS, TYPES + NEW_TYPES):
        op.execute(statement)


def downgrade() -> None:
    type_list = ", ".join(f"'{t}'" for t in NEW_TYPES)
    # RLS is forced even on the owner: lifted for this one delete across every tenant.
    op.execute("ALTER TABLE translations NO FORCE ROW LEVEL SECURITY")
    op.execute(f"DELETE FROM translations WHERE resource_type IN ({type_list})")
    op.execute("ALTER TABLE translations FORCE ROW LEVEL SECURITY")
    for statement in _checks(FIELDS, TYPES):
        op.execute(statement)
