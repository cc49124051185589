"""People and chats in the fake Telegram: what a user types or presses, what they read back."""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tests.fakes.telegram_html import utf16_len

if TYPE_CHECKING:
    from tests.fakes.telegram_server import BotMessage, FakeTelegram

_COMMAND = re.compile(r"^/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?")
_MENTION = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{5,32}")
ANONYMOUS_ADMIN_ID = 1087968824  # @GroupAnonymousBot, the sender of anonymous admins' posts


@dataclass(frozen=True)
class FakeUser:
    """A Telegram user."""

    id: int
    first_name: str
    username: str | None = None

    def to_api(self) -> dict[str, Any]:
        """Return the User object."""
        body: dict[str, Any] = {
            "id": self.id,
            "is_bot": self.id == ANONYMOUS_ADMIN_ID,
            "first_name": self.first_name,
            "language_code": "en",
        }
        if self.username:
            body["username"] = self.username
        return body


class CallbackAnswer:
    """How the bot answered one pressed button (answerCallbackQuery)."""

    def __init__(self) -> None:
        self._done: asyncio.Future[tuple[str | None, bool]] = (
            asyncio.get_running_loop().create_future()
        )
        self.query_id = ""

    def resolve(self, text: str | None, show_alert: bool) -> None:
        """Record the bot's answer."""
        if not self._done.done():
            self._done.set_result((text, show_alert))

    async def wait(self, within: float = 5.0) -> str | None:
        """Wait until the bot answers the query; return the text it showed (or None)."""
        text, _ = await asyncio.wait_for(asyncio.shield(self._done), within)
        return text

    @property
    def answered(self) -> bool:
        """Whether the bot has answered the query."""
        return self._done.done()


class Chat:
    """A chat with the bot: messages in, the bot's messages out."""

    type = "private"

    def __init__(self, fake: FakeTelegram, chat_id: int) -> None:
        self.fake = fake
        self.id = chat_id
        self.history: list[BotMessage] = []  # every message the bot sent here, in order
        self._inbox: asyncio.Queue[BotMessage] = asyncio.Queue()

    def to_api(self) -> dict[str, Any]:
        """Return the Chat object."""
        raise NotImplementedError

    def received(self, message: BotMessage) -> None:
        """Take a message the bot sent here."""
        self.history.append(message)
        self._inbox.put_nowait(message)

    async def next_message(self, within: float = 5.0) -> BotMessage:
        """Wait for the bot's next message in this chat."""
        try:
            return await asyncio.wait_for(self._inbox.get(), within)
        except TimeoutError:
            raise AssertionError(f"the bot sent nothing to chat {self.id} in {within}s") from None

    async def next_messages(self, count: int, within: float = 5.0) -> list[BotMessage]:
        """Wait for the bot's next `count` messages in this chat."""
        return [await self.next_message(within) for _ in range(count)]

    async def quiet(self, seconds: float = 0.3) -> list[BotMessage]:
        """Wait a moment and return whatever the bot sent meanwhile (usually nothing)."""
        await asyncio.sleep(seconds)
        return self.pending()

    def pending(self) -> list[BotMessage]:
        """Return messages received but not read yet, without waiting."""
        found = []
        while not self._inbox.empty():
            found.append(self._inbox.get_nowait())
        return found

    def last_with_buttons(self) -> BotMessage:
        """Return the newest bot message here that still has buttons."""
        for message in reversed(self.history):
            if message.keyboard:
                return message
        raise LookupError(f"no message with buttons in chat {self.id}")

    async def _send(
        self,
        user: FakeUser,
        text: str,
        reply_to: BotMessage | None,
        sender_chat: dict[str, Any] | None = None,
    ) -> int:
        message: dict[str, Any] = {
            "message_id": self.fake.new_message_id(self.id),
            "from": user.to_api(),
            "chat": self.to_api(),
            "date": int(time.time()),
            "text": text,
        }
        if sender_chat is not None:
            message["sender_chat"] = sender_chat
        entities = _entities(text)
        if entities:
            message["entities"] = entities
        if reply_to is not None:
            message["reply_to_message"] = self.fake._as_api(reply_to)
        return await self.fake.push("message", message)

    async def _press(
        self, user: FakeUser, label: str, message: BotMessage | None
    ) -> CallbackAnswer:
        target = message or self.last_with_buttons()
        button = target.button(label)
        if "callback_data" not in button:
            raise LookupError(f"button {label!r} is a link, not a callback button")
        answer = CallbackAnswer()
        answer.query_id = self.fake.register_callback(answer)
        await self.fake.push(
            "callback_query",
            {
                "id": answer.query_id,
                "from": user.to_api(),
                "chat_instance": f"ci{self.id}",
                "message": self.fake._as_api(target),
                "data": button["callback_data"],
            },
        )
        return answer


class PrivateChat(Chat):
    """The private chat between one user and the bot."""

    def __init__(self, fake: FakeTelegram, user: FakeUser) -> None:
        super().__init__(fake, user.id)
        self.user = user

    def to_api(self) -> dict[str, Any]:
        """Return the Chat object."""
        return {"id": self.id, "type": "private", "first_name": self.user.first_name}

    async def send(self, text: str) -> int:
        """Type a message to the bot; return the update id."""
        return await self._send(self.user, text, None)

    async def press(self, label: str, message: BotMessage | None = None) -> CallbackAnswer:
        """Press a button (on the given message, else the newest with buttons)."""
        return await self._press(self.user, label, message)

    async def ask(self, text: str, within: float = 5.0) -> BotMessage:
        """Type a message and return the bot's next message."""
        await self.send(text)
        return await self.next_message(within)


class Group(Chat):
    """A supergroup (or a basic group, which Telegram may upgrade) with the bot in it."""

    type = "supergroup"

    def __init__(
        self, fake: FakeTelegram, chat_id: int, title: str, *, basic: bool = False
    ) -> None:
        super().__init__(fake, chat_id)
        self.title = title
        self.type = "group" if basic else "supergroup"
        self.members: dict[int, FakeUser] = {}  # everyone who has written here
        self.statuses: dict[int, str] = {}  # user id -> "creator" or "administrator"

    def to_api(self) -> dict[str, Any]:
        """Return the Chat object."""
        return {"id": self.id, "type": self.type, "title": self.title}

    def make_admin(self, user: FakeUser, *, owner: bool = False) -> None:
        """Make the user an administrator (or the creator) of the group."""
        self.members[user.id] = user
        self.statuses[user.id] = "creator" if owner else "administrator"

    def member_api(self, user_id: int) -> dict[str, Any] | None:
        """Return the ChatMember object of someone who has been here, else None."""
        user = self.members.get(user_id)
        if user is None:
            return None
        status = self.statuses.get(user_id, "member")
        body: dict[str, Any] = {"status": status, "user": user.to_api()}
        if status == "creator":
            body["is_anonymous"] = False
        elif status == "administrator":
            rights = (
                "can_manage_chat",
                "can_delete_messages",
                "can_manage_video_chats",
                "can_restrict_members",
                "can_change_info",
                "can_invite_users",
            )
            body.update(
                dict.fromkeys(rights, True),
                can_be_edited=False,
                is_anonymous=False,
                can_promote_members=False,
                can_post_stories=False,
                can_edit_stories=False,
                can_delete_stories=False,
            )
        return body

    async def send(self, user: FakeUser, text: str, reply_to: BotMessage | None = None) -> int:
        """Post a message in the group as user (optionally replying to a bot message)."""
        self.members.setdefault(user.id, user)
        return await self._send(user, text, reply_to)

    async def upgrade(self, by: FakeUser) -> Group:
        """Turn a basic group into a supergroup, as Telegram does: a new chat id, announced
        by a service message in each of the two chats."""
        new = self.fake.group(self.title)
        new.members, new.statuses = dict(self.members), dict(self.statuses)
        for chat, field, other in (
            (self, "migrate_to_chat_id", new.id),
            (new, "migrate_from_chat_id", self.id),
        ):
            await self.fake.push(
                "message",
                {
                    "message_id": self.fake.new_message_id(chat.id),
                    "from": by.to_api(),
                    "chat": chat.to_api(),
                    "date": int(time.time()),
                    field: other,
                },
            )
        return new

    async def send_as_group(self, text: str) -> int:
        """Post as an anonymous admin: Telegram shows the group, not the person, as sender."""
        anonymous = FakeUser(ANONYMOUS_ADMIN_ID, "Group", "GroupAnonymousBot")
        return await self._send(anonymous, text, None, sender_chat=self.to_api())

    async def press(
        self, user: FakeUser, label: str, message: BotMessage | None = None
    ) -> CallbackAnswer:
        """Press a button in the group as user."""
        return await self._press(user, label, message)


def _entities(text: str) -> list[dict[str, Any]]:
    entities = []
    command = _COMMAND.match(text)
    if command:
        entities.append({"type": "bot_command", "offset": 0, "length": utf16_len(command[0])})
    for mention in _MENTION.finditer(text):
        entities.append(
            {
                "type": "mention",
                "offset": utf16_len(text[: mention.start()]),
                "length": utf16_len(mention[0]),
            }
        )
    return entities
