"""Team → Assignment, progress and blind mode: each coder's queue and how far they are, assigning the
documents not yet assigned (coders, overlap, seed, as `annotator assign`), and, for the project's leads,
blind mode and who leads. Each button is one service call; the tables are read again after it."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from annotator.gui.translations import fill
from annotator.io.dataset import GOLD
from annotator.services import annotators, assignment, team
from annotator.services.errors import ServiceError
from annotator.storage.project import Project


def _names(text: str) -> list[str]:
    return [n.strip() for n in text.split(",") if n.strip()]


class TeamDialog(QDialog):
    def __init__(self, project: Project, annotator_name: str, annotator_id: int, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Team"))
        self.resize(720, 560)
        self.project, self.name, self.annotator_id = project, annotator_name, annotator_id

        self.progress = QTableWidget(0, 6)
        self.progress.setHorizontalHeaderLabels(
            [
                self.tr("Coder"),
                self.tr("Assigned"),
                self.tr("Done"),
                self.tr("In progress"),
                self.tr("New"),
                self.tr("Skipped"),
            ]
        )
        self.progress.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.progress.verticalHeader().hide()
        self.progress.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)

        coders = sorted(n for n in annotators.names(project).values() if n != GOLD)
        self.coders = QLineEdit(", ".join(coders), placeholderText=self.tr("alice, bob, carol"))
        self.overlap = QSpinBox(suffix=" %", maximum=100, value=20)
        self.seed = QSpinBox(maximum=1_000_000, value=1)
        assign = QPushButton(self.tr("&Assign the documents not yet assigned"))
        assign.clicked.connect(self.assign)
        assign_box = QGroupBox(self.tr("Assign"))
        form = QFormLayout(assign_box)
        form.addRow(self.tr("Coders"), self.coders)
        form.addRow(self.tr("Overlap (every coder gets these)"), self.overlap)
        form.addRow(self.tr("Seed (the same seed assigns the same way)"), self.seed)
        form.addRow("", assign)

        self.blind = QCheckBox(self.tr("&Blind mode: coders see only their own work until adjudication opens"))
        self.leads = QLineEdit(placeholderText=self.tr("nobody named: everyone leads"))
        save = QPushButton(self.tr("&Save"))
        save.clicked.connect(self.save_team)
        self.team_box = QGroupBox(self.tr("Blind mode and leads"))
        team_form = QFormLayout(self.team_box)
        team_form.addRow(self.blind)
        team_form.addRow(self.tr("Leads"), self.leads)
        team_form.addRow("", save)

        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("<b>Progress of each queue</b>")))
        layout.addWidget(self.progress, 1)
        layout.addWidget(assign_box)
        layout.addWidget(self.team_box)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        rows = assignment.progress(self.project)
        self.progress.setRowCount(len(rows))
        for n, row in enumerate(rows):
            done = f"{row['done']} ({row['done_share']:.0%})"
            cells = [row["coder"], row["assigned"], done, row["in_progress"], row["new"], row["skipped"]]
            for c, value in enumerate(cells):
                self.progress.setItem(n, c, QTableWidgetItem(str(value)))
        now = team.team(self.project)
        self.blind.setChecked(now.blind)
        self.leads.setText(", ".join(now.leads))
        self.team_box.setEnabled(now.is_lead(self.name))
        if not now.is_lead(self.name):
            self.team_box.setTitle(fill(self.tr("Blind mode and leads (changed by the leads: %1)"), ", ".join(now.leads)))

    def assign(self) -> None:
        try:
            done = assignment.assign(
                self.project, coders=_names(self.coders.text()), overlap=self.overlap.value(), seed=self.seed.value(),
                by=self.annotator_id,
            )  # fmt: skip
        except ServiceError as exc:
            self.status.setText(fill(self.tr("Not assigned: %1"), exc))
            return
        self.status.setText(
            fill(self.tr("Assigned %1 document(s), %2 of them to every coder."), done.documents, done.overlap)
        )
        self.refresh()

    def save_team(self) -> None:
        now = team.team(self.project)
        try:
            leads = _names(self.leads.text())
            if tuple(leads) != now.leads:
                team.set_leads(self.project, leads, by=self.annotator_id)
            if self.blind.isChecked() != now.blind:
                team.set_blind(self.project, self.blind.isChecked(), by=self.annotator_id)
        except ServiceError as exc:
            self.status.setText(fill(self.tr("Not saved: %1"), exc))
        else:
            self.status.setText(self.tr("Saved. Open windows follow within a few seconds."))
        self.refresh()
