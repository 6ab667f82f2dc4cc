"""1:1 support chats: a member asks for a listener, the first on-duty listener to accept opens a private room."""
