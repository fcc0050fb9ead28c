/**
 * The example plugin: {@link dev.graft.plugins.example.LineFitExperiment}, a least-squares line fit by gradient
 * descent that logs its loss, saves checkpoints, stops on Ctrl-C and resumes, checked against the closed-form
 * solution. It is the smallest complete Graft experiment and the reference for plugin packaging.
 */
package dev.graft.plugins.example;
