def log = new File(basedir, 'build.log').text
assert log.contains('the database is now at c3d4e5f6a7b8')
