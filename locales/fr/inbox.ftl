inbox-title = Messages
inbox-empty = Aucun message.
inbox-unread = non lu
inbox-read_all = Tout marquer comme lu
inbox-open = Ouvrir
