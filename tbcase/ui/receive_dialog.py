"""案件 → 从手机传图: the window's side of the receiver (issue 15).

A non-modal panel shows the QR code, the address, how to connect, and the list of files
as they arrive. Each upload is read, checked and prepared on the receiver's own threads;
its write is handed to the case session (one database queue), so the evidence tab
refreshes on the session's ``changed`` like after a drop, and the GUI thread only
forwards. Closing the panel, or ``idle_minutes`` without a request, stops the receiver and
kills its token.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout

from PySide6.QtCore import QPoint, QRect, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from tbcase.ui.case_page.common import plain_label
from tbcase.ui.models import TableModel, display_time
from tbcase.ui.session import CaseSession, Change
from tbcase.ui.tasks import keep_true_alive

IDLE_MINUTES = 15
STORE_TIMEOUT_S = 300  # a write waits behind the session's queue (an import may be running)
MODULE_PX = 6


def qr_image(text: str, module_px: int = MODULE_PX, border: int = 4) -> QImage:
    """The QR code of ``text`` drawn module by module (dark on white, a quiet zone of 4)."""
    import segno

    matrix = segno.make(text, error="m", micro=False).matrix
    size = (len(matrix) + 2 * border) * module_px
    image = QImage(size, size, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    black = QColor("black")
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                painter.fillRect(QRect(QPoint((x + border) * module_px, (y + border) * module_px),
                                       QPoint((x + border + 1) * module_px - 1,
                                              (y + border + 1) * module_px - 1)), black)
    painter.end()
    return image


def lan_addresses() -> list[tuple[str, str]]:
    """(interface name, IPv4 address) of every interface that is up, loopback left out."""
    from PySide6.QtNetwork import QAbstractSocket, QNetworkInterface

    flag = QNetworkInterface.InterfaceFlag
    out = []
    for iface in QNetworkInterface.allInterfaces():
        flags = iface.flags()
        if not (flags & flag.IsUp and flags & flag.IsRunning) or flags & flag.IsLoopBack:
            continue
        out.extend((iface.humanReadableName(), entry.ip().toString()) for entry in iface.addressEntries()
                   if entry.ip().protocol() == QAbstractSocket.NetworkLayerProtocol.IPv4Protocol)
    return out


def _emitter(signal):
    """``signal.emit`` for the receiver's threads; the panel may be gone by then."""

    def emit(*args) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # the dialog was deleted (the case closed): nothing to show
            pass

    return emit


class ReceiveDialog(QDialog):
    """The receiver's panel for one case session.

    Signals:
        arrived(object arrival): a file was added or refused (``Arrival``), on the GUI thread
        stopped(object receiver): a receiver stopped (closed, idle, or too many wrong codes)
    """

    arrived = Signal(object)
    stopped = Signal(object)
    _store_requested = Signal(object)  # (item, user_agent, future), from the receiver's threads

    def __init__(self, ctx, session: CaseSession, parent=None, *, idle_minutes: float | None = None,
                 bind: str | None = None) -> None:
        super().__init__(parent)
        keep_true_alive()
        self.ctx = ctx
        self.session = session
        self.setWindowTitle(self.tr("Receive from phone"))
        if idle_minutes is None:
            idle_minutes = float(ctx.settings.value("receive/idle_minutes", IDLE_MINUTES) or IDLE_MINUTES)
        self.idle_minutes = idle_minutes
        self.bind = bind
        self.receiver = None
        self._current = None  # the receiver started last (stopped or not)
        self._pending: set[Future] = set()  # writes asked for and not yet handed to the session
        self._closing = False
        self._lock = threading.Lock()
        self.qr = QLabel()
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr.setMinimumSize(200, 200)
        self.how = plain_label(self.tr("Connect the phone and this computer to the same Wi-Fi, then scan "
                                       "with the phone's camera or browser"))
        self.how.setStyleSheet("font-size: 15px;")
        self.address = plain_label()
        self.address.setStyleSheet("font-family: monospace;")
        self.state = plain_label()
        self.state.setStyleSheet("color: #616161;")
        self.code = QLabel()  # the 4-digit code the phone asks for
        self.code.setStyleSheet("font-size: 26px; font-weight: 600; letter-spacing: 4px;")
        self.code.hide()
        self.ask_code = QCheckBox(self.tr("Ask the phone for a 4-digit code shown here"))
        self.ask_code.setChecked(str(ctx.settings.value("receive/ask_code", "false")).lower() == "true")
        self.ask_code.toggled.connect(self._on_ask_code)
        self.network = QComboBox()  # shown when the computer is on several networks
        self.network.setToolTip(self.tr("The network the phone is on"))
        self.network_label = QLabel(self.tr("Network:"))
        self._fill_networks()
        self.network.currentIndexChanged.connect(lambda _i: self.receiver is not None and self._restart())
        self.model = TableModel([("at_txt", self.tr("Time")), ("name", self.tr("File")),
                                 ("result", self.tr("Result"))], self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setColumnWidth(0, 70)
        self.view.setColumnWidth(1, 200)
        self.restart = QPushButton(self.tr("Start again"))
        self.restart.clicked.connect(self.start)
        self.restart.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.qr)
        side = QVBoxLayout()
        side.addWidget(self.how)
        side.addWidget(self.address)
        side.addWidget(self.code)
        side.addWidget(self.state)
        net = QHBoxLayout()
        net.addWidget(self.network_label)
        net.addWidget(self.network, 1)
        side.addLayout(net)
        side.addWidget(self.ask_code)
        side.addWidget(self.restart)
        side.addStretch()
        top.addLayout(side, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.view, 1)
        lay.addWidget(buttons)
        self.resize(680, 560)
        self._store_requested.connect(self._on_store_requested)
        self.arrived.connect(self._on_arrived)
        self.stopped.connect(self._on_stopped)
        self._rows: list[dict] = []

    # ------------------------------------------------------------ life

    def start(self) -> None:
        """Read the case's heading on the session's queue, then listen."""
        with self._lock:
            self._closing = False
        self.restart.hide()
        self.state.setText(self.tr("Starting…"))
        self.session.query(lambda case: case.case(), self._listen, self._on_failed)

    def _fill_networks(self) -> None:
        """The interfaces to choose from; the default route's first (the likely Wi-Fi)."""
        from tbcase.receive import network

        found = lan_addresses()
        default = network.default_route_address()
        found.sort(key=lambda entry: entry[1] != default)
        self.network.blockSignals(True)
        self.network.clear()
        for name, address in found:
            self.network.addItem(f"{name} · {address}", address)
        self.network.blockSignals(False)
        several = len(found) > 1 and self.bind is None
        self.network.setVisible(several)
        self.network_label.setVisible(several)

    def _restart(self) -> None:
        """A new receiver (new token, new code) with the current choices."""
        self.stop()
        self.start()

    def _on_ask_code(self, on: bool) -> None:
        self.ctx.settings.setValue("receive/ask_code", "true" if on else "false")
        if self.receiver is not None:
            self._restart()

    def _listen(self, details) -> None:
        from tbcase.receive import network
        from tbcase.receive.passcode import new_code
        from tbcase.receive.server import CaseHeading, Limits, Receiver

        bind = self.bind or self.network.currentData() or network.default_route_address() or "127.0.0.1"
        limits = Limits(idle_seconds=self.idle_minutes * 60 if self.idle_minutes else None)
        heading = CaseHeading(details.order_no, details.item, details.shop, details.buyer_nick)
        code = new_code() if self.ask_code.isChecked() else None
        receiver = Receiver(self._store, heading, limits=limits, bind=bind, port=0, lang="zh", code=code,
                            on_arrival=_emitter(self.arrived))
        emit_stopped = _emitter(self.stopped)
        receiver.on_stopped = lambda: emit_stopped(receiver)
        self._current = receiver
        try:
            receiver.start()
        except OSError as exc:
            self._on_failed(exc)
            return
        self.receiver = receiver
        self.qr.setPixmap(QPixmap.fromImage(qr_image(receiver.url)))
        self.address.setText(receiver.url)
        self.code.setText(self.tr("Code {0}").format(code) if code else "")
        self.code.setVisible(code is not None)
        state = (self.tr("Receiving. Stops when this panel closes, or after %n minute(s) without uploads.", "",
                         max(1, round(self.idle_minutes))) if self.idle_minutes
                 else self.tr("Receiving. Stops when this panel closes."))
        if bind == "127.0.0.1":
            state += "\n" + self.tr("No local network found: only this computer can connect.")
        self.state.setText(state)

    def stop(self) -> None:
        """Stop listening (off the GUI thread: the server's loop takes a moment to end).
        Uploads still arriving are cut off (their phones told so); a file whose write
        is not yet handed to the session is answered "not added" at once; writes already
        handed finish (the session waits for them before it closes the file)."""
        with self._lock:
            self._closing = True
            waiting, self._pending = self._pending, set()
        for future in waiting:
            if not future.done():
                future.set_exception(self._stopped_error())
        receiver, self.receiver = self.receiver, None
        if receiver is not None and receiver.running:
            threading.Thread(target=receiver.stop, name="tbcase receiver stop", daemon=True).start()

    def done(self, result: int) -> None:  # closing by any means stops the receiver
        self.stop()
        super().done(result)

    def closeEvent(self, event) -> None:  # noqa: N802
        self.stop()
        super().closeEvent(event)

    # ------------------------------------------------------------ the receiver's threads

    def _stopped_error(self):
        from tbcase.domain.errors import KnownError

        return KnownError("receive_stopped")

    def _store(self, item, user_agent: str):
        """Called on a receiver thread: queue the write to the session and wait for it;
        then queue the image's renditions (the phone has its answer before they are made)."""
        future: Future = Future()
        with self._lock:
            if self._closing:
                raise self._stopped_error()
            self._pending.add(future)
        try:
            self._store_requested.emit((item, user_agent, future))
        except RuntimeError:  # the panel is gone: the case closed
            raise self._stopped_error() from None
        try:
            exhibit = future.result(timeout=STORE_TIMEOUT_S)
        except FutureTimeout:
            from tbcase.domain.errors import KnownError

            raise KnownError("case_busy", path=str(self.session.path)) from None
        finally:
            with self._lock:
                self._pending.discard(future)
        if item.renditions_pending and not exhibit.duplicate:
            self.session.renditions.put(exhibit.id, item.data)
        return exhibit

    # ------------------------------------------------------------ GUI thread

    def _on_store_requested(self, request) -> None:
        from tbcase.receive.store import store_received

        item, user_agent, future = request
        with self._lock:
            if future.done():  # answered by stop(): the panel closed first
                return
            self._pending.discard(future)  # from now on the session's queue answers it
        if self.session.closed:
            future.set_exception(self._stopped_error())
            return

        def op(case):
            # the waiting upload is answered from the queue's thread as soon as the write is
            # done: it does not depend on GUI callbacks, which a closing session drops
            try:
                exhibit = store_received(case, item, user_agent)
            except BaseException as exc:
                if not future.done():
                    future.set_exception(exc)
                raise
            if not future.done():
                future.set_result(exhibit)
            return exhibit

        def failed(exc: BaseException) -> None:  # also when the session closed before it ran
            if not future.done():
                future.set_exception(exc)

        self.session.write(op, Change.EVIDENCE, None, failed)

    def _on_arrived(self, arrival) -> None:
        if arrival.ok:
            result = (self.tr("Already exhibit {0}").format(arrival.exhibit) if arrival.duplicate
                      else self.tr("Exhibit {0}").format(arrival.exhibit))
        elif arrival.reason is not None:  # the phone has it in Chinese; the window in its language
            result = self.ctx.wording.receipt(*arrival.reason)
        else:
            result = arrival.text
        self._rows.insert(0, {"at_txt": display_time(arrival.at, seconds=True)[11:], "name": arrival.name,
                              "result": result, "arrival": arrival})
        self.model.set_rows(list(self._rows))

    def _on_stopped(self, receiver) -> None:
        if receiver is not self._current:
            return  # one replaced by a restart
        self.qr.clear()
        self.qr.setText(self.tr("Stopped"))
        self.address.setText("")
        self.code.hide()
        self.state.setText(self.tr("A phone entered a wrong code too many times: the receiver has stopped. "
                                   "Start again for a new QR code and code.")
                           if receiver.stop_reason == "code_locked"
                           else self.tr("The receiver has stopped; the code no longer works."))
        self.restart.show()

    def _on_failed(self, exc: BaseException) -> None:
        self.state.setText(self.tr("Cannot receive: {0}").format(str(exc)))
        self.restart.show()
