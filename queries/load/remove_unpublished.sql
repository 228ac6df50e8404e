-- Parts of an original file whose load was never published (failed, stopped, killed): no loads row names them.
delete from load_files where load_id not in (select load_id from loads)
