def log = new File(basedir, 'build.log').text
assert log.contains('the database is now at b2c3d4e5f6a7')
assert log.contains('No pending revisions; the database is at b2c3d4e5f6a7')
assert new File(basedir, 'app.db').isFile()
