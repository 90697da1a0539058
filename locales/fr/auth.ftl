login-title = Connexion
login-email = Adresse e-mail
login-password = Mot de passe
login-submit = Se connecter
login-failed = Adresse e-mail ou mot de passe incorrect.
login-forgot = Mot de passe oublié ?
login-intro = Passerelle relie les administrations pénitentiaires et les associations qui interviennent en détention.
login-throttled = Trop de tentatives de connexion. Pour protéger votre compte, réessayez dans 15 minutes.
logout-done = Vous êtes déconnecté·e.
forgot-title = Mot de passe oublié
forgot-intro = Indiquez votre adresse e-mail : si elle correspond à un compte, vous recevrez un lien pour choisir un nouveau mot de passe.
forgot-submit = Envoyer le lien
forgot-sent = Si cette adresse correspond à un compte, un lien vient d'y être envoyé. Il est valable une heure.
reset-title = Choisir un nouveau mot de passe
reset-new = Nouveau mot de passe
reset-confirm = Confirmez le mot de passe
reset-submit = Enregistrer le mot de passe
reset-invalid = Ce lien n'est plus valable. Demandez-en un nouveau.
reset-done = Votre mot de passe est enregistré. Vous pouvez vous connecter.
reset-mail_subject = Passerelle : choisir un nouveau mot de passe
reset-mail_body =
    Bonjour,

    Pour choisir un nouveau mot de passe Passerelle, ouvrez dans l'heure le lien ci-dessous.

    Si vous n'avez rien demandé, ignorez ce message : votre mot de passe ne change pas.
reset-done_mail_subject = Passerelle : votre mot de passe a été changé
reset-done_mail_body =
    Bonjour,

    Le mot de passe de votre compte Passerelle vient d'être changé par le lien envoyé à cette adresse. Par précaution, toutes vos sessions ont été fermées et vos jetons d'accès à l'API révoqués : créez-en de nouveaux depuis « Mon compte » si vous en utilisiez.

    Si vous n'êtes pas à l'origine de ce changement, demandez aussitôt un nouveau lien depuis la page de connexion et prévenez votre coordinateur.
password-too_short = Le mot de passe doit compter au moins 10 caractères.
password-mismatch = Les deux mots de passe ne sont pas identiques.
password-hint = Au moins 10 caractères. Une phrase facile à retenir convient très bien.
