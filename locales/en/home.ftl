home-title = Home
home-welcome = Hello { $name }
home-memberships = My organisations
home-authorisations = My authorisations
home-this_month = My activity this month
home-nothing_this_month = Nothing recorded this month.
home-log_activity = Log an activity
home-entries = { $count } entries
home-no_membership = You are not a member of any organisation yet.
home-platform_admin = You administer the platform: you can create organisations and read the whole audit log.
home-waiting = To do
home-waiting-referrals = { $count ->
    [one] One referral waits for you
   *[other] { $count } referrals wait for you
}
home-waiting-applications = { $count ->
    [one] One authorisation application in progress, to examine or decide
   *[other] { $count } authorisation applications in progress, to examine or decide
}
home-waiting-expiring = { $count ->
    [one] One authorisation expires soon
   *[other] { $count } authorisations expire soon
}
home-waiting-meetings = { $count ->
    [one] One meeting waits for your answer
   *[other] { $count } meetings wait for your answer
}
home-waiting-reviews = { $count ->
    [one] One self-assessment waits for your review
   *[other] { $count } self-assessments wait for your review
}
home-waiting-assessments = { $count ->
    [one] One self-assessment is in progress
   *[other] { $count } self-assessments are in progress
}
home-waiting-approvals = { $count ->
    [one] One training session has enrolments to approve
   *[other] { $count } training sessions have enrolments to approve
}
home-waiting-minutes = { $count ->
    [one] One meeting held waits for its minutes
   *[other] { $count } meetings held wait for their minutes
}
home-waiting-evaluations = { $count ->
    [one] One agreement has an evaluation to fill in
   *[other] { $count } agreements have an evaluation to fill in
}
