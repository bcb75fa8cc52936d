"""Extensions (forlængelser) of running placements: one row per extension.

- placement_extensions: the placement, the extension's number within it (1, 2, …; unique per
  placement, so the same extension posted twice at once is written once), the end date before
  and after, the reason, who and when. The placement's end date is the newest new_end.

Revision ID: 0018
Revises: 0016
Create Date: 2026-12-06 04:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'placement_extensions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('placement_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('previous_end', sa.Date(), nullable=False),
        sa.Column('new_end', sa.Date(), nullable=False),
        sa.Column('reason', sa.String(length=500), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['actor_id'], ['users.id'],
                                name=op.f('fk_placement_extensions_actor_id_users')),
        sa.ForeignKeyConstraint(['placement_id'], ['placements.id'],
                                name=op.f('fk_placement_extensions_placement_id_placements'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_placement_extensions')),
        sa.UniqueConstraint('placement_id', 'number',
                            name=op.f('uq_placement_extensions_placement_id_number')),
    )


def downgrade():
    op.drop_table('placement_extensions')
