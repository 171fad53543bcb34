/**
 * The cleaner (ARCHITECTURE.md: "purges spooled images when every job of a study is final (+ grace),
 * never later than the retention limit"): decides which studies are due ({@link
 * org.varde.gateway.cleaner.HeldImages}), claims each purge in the store so one node does it
 * ({@link org.varde.gateway.cleaner.PurgeClaims}), removes the files and clears the identity in steps a
 * crash can interrupt and the next run finishes ({@link org.varde.gateway.cleaner.StudyPurge}), and runs
 * on a timer ({@link org.varde.gateway.cleaner.Cleaner}). docs/privacy.md is the policy in words.
 */
package org.varde.gateway.cleaner;
