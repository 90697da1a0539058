inbox-title = Messages
inbox-empty = No message.
inbox-unread = unread
inbox-read_all = Mark all as read
inbox-open = Open
