def written = new File(basedir, 'migrations/versions').listFiles().findAll { it.name.endsWith('_add_email.sql') }
assert written.size() == 1
def text = written[0].text
assert text.contains('Revises: a1b2c3d4e5f6')
assert text.contains('add email')
