## Consent to the processing of personal data (152-ФЗ).
## Raise consent-version whenever the text changes: everyone is asked again at their next contact.
consent-version = 1

consent-summary =
    <b>Consent to the processing of personal data</b>

    To find you a mentor or a mentee, we need to keep your questionnaire answers: your name, grade or position, what you need help with or can help with, convenient times and, if you wish, a phone number. We never collect passport data.

    The mentoring programme is run by { $org }. Only the programme's curators see the data. At any time you can download it or withdraw your consent in /privacy, and then it is erased.
consent-minor =
    <b>A parent's consent is needed</b>

    For participants under 14, consent to the processing of personal data is given by a parent or legal guardian. Press “Get a link for my parent” and forward it to your mum, dad or guardian: they open it in their own Telegram and confirm. Until then we keep nothing about you.
consent-outdated = The consent text has been updated. Please read it and confirm again.
consent-read = 📄 Full text of the consent
consent-agree = ✅ I agree
consent-get-link = 🔗 Get a link for my parent
consent-decline = ❌ I do not agree
consent-changed-mind = I changed my mind
consent-declined = All right. Without consent we keep none of your data, only the refusal. If you change your mind, press the button below or send /start.
consent-text =
    <b>Consent to the processing of personal data</b>

    I give “{ $org }” (the Organisation) my consent to process my personal data and, if I am a parent (legal guardian), my child's personal data, under Article 9 of Federal Law No. 152-FZ of 27.07.2006 “On Personal Data”.

    <b>Purpose:</b> taking part in the mentoring programme (the target model of mentoring): finding a mentor or a mentee, arranging meetings, monitoring and keeping the register of participants.

    <b>Data:</b> surname and first name; role and category in the programme; age group; grade, position or place of study and work; questionnaire answers (request, competencies, preferred format and time); a phone number if given; Telegram id and name. No passport data, address or family details are collected.

    <b>Actions:</b> collection, recording, organisation, storage, correction, use, transfer to the programme's curator and, anonymised, to the regional mentoring centre for statistics, erasure.

    <b>Term:</b> until the end of participation in the programme or until withdrawn. Consent can be withdrawn at any time with /privacy, after which the personal data is erased.

    I know that I may obtain information about the processing of my data (Article 14 of Law No. 152-FZ) and download a copy of it with /privacy.

parent-intro =
    Hello! <b>{ $child }</b> wants to take part in the mentoring programme run by { $org } and asks for your consent.

    For participants under 14, consent to the processing of personal data is given by a parent or legal guardian. We keep only the child's questionnaire answers: name, grade, what they want help with, convenient times. No passport data is needed.

    Please read the full text of the consent and, if you agree, confirm it.
parent-agree = ✅ I give my consent
parent-decline = ❌ I do not consent
parent-name = Please write your full name as in your documents, so that the consent is given in your name.
parent-name-invalid = Please write your full name in words, at least 5 letters.
parent-child-unknown = Your child
parent-thanks = Thank you! Consent received; your child can go on. It can be withdrawn at any time: ask your child to open /privacy or write to the programme's curator.
parent-declined = Understood. We keep none of your child's data; they will learn of your decision.
parent-agreed-child = ✅ Your parent has given consent! You can now fill in the questionnaire.
parent-declined-child = Your parent did not consent. If they change their mind, get a new link in /start.
parent-link =
    { $request }
    { $link }

    The link works once and is valid for 7 days.

    👆 Forward this message to your mum, dad or guardian with the “Forward to a parent” button below: the text is written already.
parent-link-request = { $role ->
    [mentor] Hi! It's { $name }. I'd like to become a mentor for younger students in a mentoring programme. I'm under 14, so { $org } asks for your consent. Please open the link: it explains everything and takes a couple of minutes.
   *[other] Hi! It's { $name }. I'd like to take part in a mentoring programme: they will find me a mentor who will help with school and plans. I'm under 14, so { $org } asks for your consent. Please open the link: it explains everything and takes a couple of minutes.
}
parent-link-waiting = As soon as your parent confirms, I will write to you and you can fill in the questionnaire. If your parent has no Telegram, ask them to sign a paper consent with the programme's curator.
parent-link-share = 📤 Forward to a parent
parent-link-new = 🔄 New link
parent-link-malformed = This link does not work: it seems to be copied incompletely. Ask your child to send it again.
parent-link-unknown = There is no such link. Perhaps your child has a newer one: ask them to send it.
parent-link-used = This link has already been answered. If needed, your child can get a new one.
parent-link-expired = The link has expired (it is valid for 7 days). Ask your child to get a new one.
parent-link-own = This link is for your parent: forward it to them rather than opening it yourself.
parent-link-expired-child = ⏳ The previous link has expired: a link works for 7 days. Get a new one and forward it to your parent.
privacy-nothing-to-withdraw = There is no consent to withdraw.
parent-link-reminder = ⏳ The link for your parent stops working tomorrow. If your parent has not opened it yet, remind them or get a new link.
