home-title = Accueil
home-welcome = Bonjour { $name }
home-memberships = Mes organisations
home-authorisations = Mes autorisations d'accès
home-this_month = Mon activité ce mois-ci
home-nothing_this_month = Rien d'enregistré ce mois-ci.
home-log_activity = Noter une activité
home-entries = { $count } saisie(s)
home-no_membership = Vous n'êtes membre d'aucune organisation pour l'instant.
home-platform_admin = Vous administrez la plateforme : vous pouvez créer des organisations et lire tout le journal d'audit.
home-waiting = À faire
home-waiting-referrals = { $count ->
    [one] Une orientation attend votre action
   *[other] { $count } orientations attendent votre action
}
home-waiting-applications = { $count ->
    [one] Une demande d'agrément en cours, à instruire ou à décider
   *[other] { $count } demandes d'agrément en cours, à instruire ou à décider
}
home-waiting-expiring = { $count ->
    [one] Un agrément expire bientôt
   *[other] { $count } agréments expirent bientôt
}
home-waiting-meetings = { $count ->
    [one] Une réunion attend votre réponse
   *[other] { $count } réunions attendent votre réponse
}
home-waiting-reviews = { $count ->
    [one] Une auto-évaluation attend votre relecture
   *[other] { $count } auto-évaluations attendent votre relecture
}
home-waiting-assessments = { $count ->
    [one] Une auto-évaluation est en cours
   *[other] { $count } auto-évaluations sont en cours
}
home-waiting-approvals = { $count ->
    [one] Une formation a des inscriptions à approuver
   *[other] { $count } formations ont des inscriptions à approuver
}
home-waiting-minutes = { $count ->
    [one] Une réunion tenue attend son compte rendu
   *[other] { $count } réunions tenues attendent leur compte rendu
}
home-waiting-evaluations = { $count ->
    [one] Une convention a une évaluation à remplir
   *[other] { $count } conventions ont une évaluation à remplir
}
