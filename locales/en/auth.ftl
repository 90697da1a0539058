login-title = Log in
login-email = Email address
login-password = Password
login-submit = Log in
login-failed = Wrong email address or password.
login-forgot = Forgot your password?
login-intro = Passerelle connects prison administrations and the voluntary organisations that work in prisons.
login-throttled = Too many login attempts. To protect your account, try again in 15 minutes.
logout-done = You are logged out.
forgot-title = Forgot your password
forgot-intro = Enter your email address: if it matches an account, you will receive a link to choose a new password.
forgot-submit = Send the link
forgot-sent = If this address matches an account, a link has just been sent to it. It is valid for one hour.
reset-title = Choose a new password
reset-new = New password
reset-confirm = Confirm the password
reset-submit = Save the password
reset-invalid = This link is no longer valid. Ask for a new one.
reset-done = Your password is saved. You can log in.
reset-mail_subject = Passerelle: choose a new password
reset-mail_body =
    Hello,

    To choose a new Passerelle password, open the link below within the hour.

    If you did not ask for this, ignore this message: your password does not change.
reset-done_mail_subject = Passerelle: your password was changed
reset-done_mail_body =
    Hello,

    The password of your Passerelle account has just been changed through the link sent to this address. As a precaution, all your sessions were closed and your API tokens revoked: create new ones from "My account" if you used any.

    If you did not make this change, ask for a new link from the login page at once and tell your coordinator.
password-too_short = The password must be at least 10 characters long.
password-mismatch = The two passwords are not the same.
password-hint = At least 10 characters. A sentence easy to remember works well.
